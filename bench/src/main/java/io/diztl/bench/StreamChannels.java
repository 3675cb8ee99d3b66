package io.diztl.bench;

import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Plain-text channels to a tracker on 127.0.0.1 for the simulated nodes' relay streams, from source
 * addresses 127.0.1.1, 127.0.1.2, ... with {@value #PER_ADDRESS} connections per address: a tracker
 * keeps at most {@code Transport.MAX_CONNECTIONS_PER_ADDRESS} connections from one address, and a
 * real network's nodes each come from their own. Each node has a connection of its own, as a real
 * node does, unless {@code nodesPerConnection} says otherwise (an experiment: the tracker then
 * flushes one write for the streams of several nodes).
 */
final class StreamChannels {

  static final int PER_ADDRESS = 100;

  private final int port;
  private final int nodesPerConnection;
  private int nodes;
  private int connections;
  private ManagedChannel last;

  StreamChannels(int port, int nodesPerConnection) {
    if (nodesPerConnection < 1) {
      throw new IllegalArgumentException("nodesPerConnection must be at least 1");
    }
    this.port = port;
    this.nodesPerConnection = nodesPerConnection;
  }

  /** The channel of the next node. */
  synchronized ManagedChannel next() {
    if (nodes++ % nodesPerConnection == 0) {
      int address = connections++ / PER_ADDRESS;
      InetSocketAddress source = new InetSocketAddress("127.0.1." + (1 + address % 250), 0);
      last =
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .usePlaintext()
              .localSocketPicker(
                  new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public InetSocketAddress createSocketAddress(
                        SocketAddress remote, Attributes attrs) {
                      return source;
                    }
                  })
              .build();
    }
    return last;
  }
}
