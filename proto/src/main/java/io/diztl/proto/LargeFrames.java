package io.diztl.proto;

import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.ByteToMessageDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Settings;

/**
 * Lets a channel's peer send HTTP/2 frames of up to {@link #MAX_FRAME_BYTES} instead of 16 KiB, and
 * decodes them without copying: a download of 1 GiB is then 4,096 DATA frames instead of 65,536,
 * each of which costs both sides a frame header, flow-control bookkeeping and buffers (and the
 * sender a copy of its first TLS record). The HTTP/2 decoder keeps what it has of a frame as a list
 * of the buffers read (Netty's composite cumulator) rather than copying them into one.
 *
 * <p>Sits first in a client channel's pipeline, before gRPC has added its HTTP/2 handler (which
 * sends 16 KiB as its limit in its first settings); on the first read once that handler is there,
 * it sends the larger limit in a second settings frame, which HTTP/2 allows at any time, and
 * removes itself. Runs on the channel's event loop.
 */
@ChannelHandler.Sharable
final class LargeFrames extends ChannelInboundHandlerAdapter {

  /**
   * The largest frame the peer may send (HTTP/2 allows up to 16 MiB less one byte). Not larger: a
   * frame spans several socket reads, and each of its buffers handed to a reader lists the ones
   * after it again (gRPC's {@code HasByteBuffer} over Netty's composite), so the garbage per frame
   * grows with the square of its reads.
   */
  static final int MAX_FRAME_BYTES = 256 * 1024;

  static final LargeFrames INSTANCE = new LargeFrames();

  private LargeFrames() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Http2ConnectionHandler http2 = ctx.pipeline().get(Http2ConnectionHandler.class);
    if (http2 != null) {
      ctx.pipeline().remove(this);
      http2.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
      ChannelHandlerContext at = ctx.pipeline().context(http2);
      http2
          .encoder()
          .writeSettings(at, new Http2Settings().maxFrameSize(MAX_FRAME_BYTES), at.newPromise());
      at.flush();
    }
    ctx.fireChannelRead(msg);
  }
}
