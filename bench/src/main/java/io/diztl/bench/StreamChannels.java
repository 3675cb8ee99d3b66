package io.diztl.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;

/**
 * Plain-text channels to a tracker on 127.0.0.1, one connection each, from source addresses
 * 127.0.1.1, 127.0.1.2, ... with {@value #PER_ADDRESS} channels per address: a tracker keeps at
 * most {@code Transport.MAX_CONNECTIONS_PER_ADDRESS} connections from one address, and a real
 * network's nodes each come from their own.
 */
final class StreamChannels {

  static final int PER_ADDRESS = 100;

  private final int port;
  private int made;

  StreamChannels(int port) {
    this.port = port;
  }

  synchronized ManagedChannel next() {
    int address = made++ / PER_ADDRESS;
    InetSocketAddress source = new InetSocketAddress("127.0.1." + (1 + address % 250), 0);
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .localSocketPicker(
            new NettyChannelBuilder.LocalSocketPicker() {
              @Override
              public InetSocketAddress createSocketAddress(
                  java.net.SocketAddress remote, io.grpc.Attributes attrs) {
                return source;
              }
            })
        .build();
  }
}
