package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.embedded.EmbeddedChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2CodecUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameAdapter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client's HTTP/2 handler announces and then accepts frames of a mebibyte. */
class LargeFramesTest {

  private static final int SETTINGS = 0x4;
  private static final int ACK = 0x1;
  private static final int MAX_FRAME_SIZE = 0x5;

  private final Http2ConnectionHandler http2 =
      new Http2ConnectionHandlerBuilder().server(false).frameListener(new Http2FrameAdapter()).build();
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void announcesTheLargerLimitOnceTheHandlerIsThereAndLeaves() {
    channel.pipeline().addFirst(LargeFrames.INSTANCE);
    channel.writeInbound(settingsFrame(0)); // before gRPC's handler: passed on, nothing sent
    assertNotNull(channel.pipeline().get(LargeFrames.class));
    channel.releaseInbound();

    channel.pipeline().addLast(http2);
    List<Integer> first = maxFrameSizes(drainOutbound(), true);
    assertEquals(List.of(), first, "gRPC's own first settings leave the default");

    channel.writeInbound(settingsFrame(0));
    assertNull(channel.pipeline().get(LargeFrames.class));
    assertEquals(List.of(LargeFrames.MAX_FRAME_BYTES), maxFrameSizes(drainOutbound(), false));
    assertEquals(
        Http2CodecUtil.DEFAULT_MAX_FRAME_SIZE,
        (int) http2.decoder().localSettings().maxFrameSize(),
        "the decoder waits for the peer's acknowledgement");

    channel.writeInbound(settingsFrame(ACK)); // of gRPC's first settings
    channel.writeInbound(settingsFrame(ACK)); // of the larger limit
    assertEquals(
        LargeFrames.MAX_FRAME_BYTES, (int) http2.decoder().localSettings().maxFrameSize());
  }

  /** An empty SETTINGS frame, or its acknowledgement. */
  private static ByteBuf settingsFrame(int flags) {
    return Unpooled.wrappedBuffer(new byte[] {0, 0, 0, SETTINGS, (byte) flags, 0, 0, 0, 0});
  }

  private ByteBuf drainOutbound() {
    channel.flushOutbound();
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf next; (next = channel.readOutbound()) != null; ) {
      all.writeBytes(next);
      next.release();
    }
    return all;
  }

  /** The MAX_FRAME_SIZE values of the SETTINGS frames the client wrote. */
  private static List<Integer> maxFrameSizes(ByteBuf out, boolean withPreface) {
    if (withPreface) {
      out.skipBytes(Http2CodecUtil.connectionPrefaceBuf().readableBytes());
    }
    List<Integer> sizes = new ArrayList<>();
    while (out.readableBytes() >= 9) {
      int length = out.readUnsignedMedium();
      int type = out.readUnsignedByte();
      int flags = out.readUnsignedByte();
      out.skipBytes(4);
      ByteBuf payload = out.readSlice(length);
      if (type == SETTINGS && (flags & ACK) == 0) {
        while (payload.isReadable()) {
          int id = payload.readUnsignedShort();
          long value = payload.readUnsignedInt();
          if (id == MAX_FRAME_SIZE) {
            sizes.add((int) value);
          }
        }
      }
    }
    out.release();
    return sizes;
  }
}
