package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.grpc.ManagedChannel;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One node identity at one host and port: a single channel pinned to that identity (opened on first
 * use), shared by the registrations of that node there, and how it answered its recent searches.
 * The pin makes the channel fail TLS at an address where another node answers.
 */
final class Endpoint {

  private final String key;
  private final NodeInfo first;
  private final Function<NodeInfo, ManagedChannel> channelFactory;
  private final AtomicInteger timeoutsInARow = new AtomicInteger();
  private final AtomicBoolean probing = new AtomicBoolean();
  private ManagedChannel channel;
  private boolean closed;

  Endpoint(String key, NodeInfo first, Function<NodeInfo, ManagedChannel> channelFactory) {
    this.key = key;
    this.first = first;
    this.channelFactory = channelFactory;
  }

  /** The key of {@code node}'s address and identity: its host ignoring case, port and id. */
  static String keyOf(NodeInfo node) {
    return node.getHost().toLowerCase(Locale.ROOT) + "|" + node.getPort() + "|" + node.getNodeId();
  }

  String key() {
    return key;
  }

  /** The channel, opened on first use; empty once the last node registered here has left. */
  synchronized Optional<ManagedChannel> channel() {
    if (closed) {
      return Optional.empty();
    }
    if (channel == null) {
      channel = channelFactory.apply(first);
    }
    return Optional.of(channel);
  }

  /** Marks it closed and hands back its channel, if one was opened, for the caller to close. */
  synchronized Optional<ManagedChannel> close() {
    closed = true;
    ManagedChannel open = channel;
    channel = null;
    return Optional.ofNullable(open);
  }

  /** Records a search answered in time (or a probe answered): the address is no longer slow. */
  void answered() {
    timeoutsInARow.set(0);
  }

  /** Records a search that ran out of time. */
  void timedOut() {
    timeoutsInARow.incrementAndGet();
  }

  /** Whether the last {@code after} searches in a row timed out. */
  boolean slow(int after) {
    return timeoutsInARow.get() >= after;
  }

  /** Claims the single background probe of this address; false when one is already out. */
  boolean startProbe() {
    return probing.compareAndSet(false, true);
  }

  /** Ends the probe claimed with {@link #startProbe()}. */
  void probeEnded() {
    probing.set(false);
  }
}
