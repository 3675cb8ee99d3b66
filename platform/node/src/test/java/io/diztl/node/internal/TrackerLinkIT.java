package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackerLinkIT {

  private static final NodeInfo SELF =
      NodeInfo.newBuilder().setNodeId("0123456789abcdef").setPort(7401).setName("test").build();

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  @Test
  void registersSendsHeartbeatsAndUnregistersOnClose() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0)) {
      TrackerLink link = TrackerLink.start(address(tracker.port()), SELF, executor);
      try {
        await(() -> link.connected() && tracker.heartbeats.get() >= 2, "heartbeats");
        assertEquals(1, tracker.registers.get());
        assertEquals(List.of(SELF.toBuilder().setHost("127.0.0.1").build()), link.listPeers());
      } finally {
        link.close();
      }
      assertEquals(1, tracker.unregisters.get());
      assertFalse(link.connected());
    }
  }

  @Test
  void listsEveryPageOfPeers() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        TrackerLink link = TrackerLink.start(address(tracker.port()), SELF, executor)) {
      for (int i = 0; i < 2_345; i++) {
        String id = "%016x".formatted(i + 1);
        tracker.nodes.put(id, NodeInfo.newBuilder().setNodeId(id).setPort(1).build());
      }

      await(() -> tracker.registers.get() == 1, "registered");

      List<NodeInfo> peers = link.listPeers();

      assertEquals(2_346, peers.size(), "the nodes and this one");
      assertEquals(2_346, peers.stream().map(NodeInfo::getNodeId).distinct().count());
    }
  }

  @Test
  void takesAtMostItsBoundOfPeersFromATrackerWithoutEnd() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        TrackerLink link = TrackerLink.start(address(tracker.port()), SELF, executor)) {
      for (int i = 0; i < TrackerLink.MAX_PEERS + 1_500; i++) {
        String id = "%016x".formatted(i + 1);
        tracker.nodes.put(id, NodeInfo.newBuilder().setNodeId(id).setPort(1).build());
      }

      assertEquals(TrackerLink.MAX_PEERS, link.listPeers().size());
    }
  }

  @Test
  void registersAgainWhenTheTrackerForgetsTheNode() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        TrackerLink link = TrackerLink.start(address(tracker.port()), SELF, executor)) {
      await(() -> tracker.registers.get() == 1 && link.connected(), "first registration");

      tracker.nodes.clear();

      await(() -> tracker.registers.get() == 2, "second registration");
      assertTrue(tracker.nodes.containsKey(SELF.getNodeId()));
    }
  }

  @Test
  void keepsTryingWhileTheTrackerIsDownAndRegistersWhenItReturns() throws Exception {
    int port;
    try (FakeTracker first = new FakeTracker(0)) {
      port = first.port();
    }
    try (TrackerLink link = TrackerLink.start(address(port), SELF, executor)) {
      Thread.sleep(TrackerLink.RETRY.toMillis() * 2);
      assertFalse(link.connected());

      try (FakeTracker tracker = new FakeTracker(port)) {
        await(() -> link.connected() && tracker.registers.get() == 1, "registration after restart");
      }
      await(() -> !link.connected(), "tracker seen down again");
    }
  }

  private static TrackerAddress address(int port) {
    return new TrackerAddress("127.0.0.1", port);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
