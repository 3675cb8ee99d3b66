package io.diztl.proto;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFactory;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.NettyRuntime;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops and channels of a process's {@link NettyTransport} client channels: gRPC builds
 * a channel's pipeline itself, so the only way to put {@link LargeFrames} in it is to make the
 * channel, which gRPC allows only together with the event loops. Like gRPC's own shared group:
 * epoll where Netty's native transport loads, else Java's NIO; two loops per processor, daemon
 * threads, for the life of the process.
 */
final class ClientLoops {

  private ClientLoops() {}

  private static final class Holder {
    static final boolean EPOLL = Epoll.isAvailable();
    static final EventLoopGroup GROUP =
        new MultiThreadIoEventLoopGroup(
            NettyRuntime.availableProcessors() * 2,
            new DefaultThreadFactory("diztl-grpc-client", true),
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** The shared event loops. */
  static EventLoopGroup group() {
    return Holder.GROUP;
  }

  /** Makes a TCP channel of the group's kind with {@link LargeFrames} first in its pipeline. */
  static ChannelFactory<Channel> channels() {
    return () -> {
      Channel channel = Holder.EPOLL ? new EpollSocketChannel() : new NioSocketChannel();
      channel.pipeline().addFirst(LargeFrames.INSTANCE);
      return channel;
    };
  }
}
