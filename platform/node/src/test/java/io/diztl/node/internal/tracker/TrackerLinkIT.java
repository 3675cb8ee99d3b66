package io.diztl.node.internal.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchMode;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchRouting;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerLinkIT {

  private static final NodeInfo SELF =
      NodeInfo.newBuilder().setNodeId("0123456789abcdef").setPort(7401).setName("test").build();

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  @TempDir Path data;

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  @Test
  void registersSendsHeartbeatsAndUnregistersOnClose() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0)) {
      TrackerLink link = start(address(tracker.port()));
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
  void keepsTheSearchModeOfTheTrackersLastAnswerWhileConnected() throws Exception {
    SearchRouting broadcast =
        SearchRouting.newBuilder()
            .setMode(SearchMode.SEARCH_MODE_BROADCAST)
            .setLiveNodes(1)
            .setRouteAbove(2)
            .build();
    SearchRouting routed =
        broadcast.toBuilder().setMode(SearchMode.SEARCH_MODE_ROUTED).setLiveNodes(2).build();
    FakeTracker tracker = new FakeTracker(0);
    try (TrackerLink link = start(address(tracker.port()))) {
      try (tracker) {
        await(link::connected, "registered");
        assertEquals(Optional.empty(), link.searchRouting(), "a tracker that does not tell");
        tracker.searchRouting = broadcast;
        await(() -> link.searchRouting().equals(Optional.of(broadcast)), "the first mode");
        tracker.searchRouting = routed;
        await(() -> link.searchRouting().equals(Optional.of(routed)), "the mode after a change");
      }
      await(() -> !link.connected(), "tracker seen down");
      assertEquals(Optional.empty(), link.searchRouting());
    }
  }

  @Test
  void listsEveryPageOfPeers() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        TrackerLink link = start(address(tracker.port()))) {
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
        TrackerLink link = start(address(tracker.port()))) {
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
        TrackerLink link = start(address(tracker.port()))) {
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
    try (TrackerLink link = start(address(port))) {
      Thread.sleep(TrackerLink.RETRY.toMillis() * 2);
      assertFalse(link.connected());

      try (FakeTracker tracker = new FakeTracker(port)) {
        await(() -> link.connected() && tracker.registers.get() == 1, "registration after restart");
      }
      await(() -> !link.connected(), "tracker seen down again");
    }
  }

  @Test
  void learnsTheTrackersIdentityOnFirstUseAndThenRefusesAnother() throws Exception {
    int port;
    try (FakeTracker tracker = new FakeTracker(0);
        TrackerLink link = start(address(tracker.port()))) {
      port = tracker.port();
      await(link::connected, "first registration");
      assertEquals(FakeTracker.IDENTITY.id(), link.address().fingerprint());
      assertEquals(
          "127.0.0.1:" + port + " " + FakeTracker.IDENTITY.id() + "\n",
          Files.readString(data.resolve(TrackerPin.FILE)));
    }
    Identity impostor = Identity.generate();
    try (FakeTracker tracker = new FakeTracker(port, impostor);
        TrackerLink link = start(address(port))) {
      DiztlException e = assertThrows(DiztlException.class, link::listPeers);

      assertTrue(
          e.getMessage()
              .contains(
                  "TLS handshake failed: tracker 127.0.0.1:"
                      + port
                      + " presented identity "
                      + impostor.id()
                      + ", but this node pins "
                      + FakeTracker.IDENTITY.id()
                      + " (learned on first use, in "),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith("start the node with --tracker 127.0.0.1:" + port + "#" + impostor.id()),
          e.getMessage());
      Thread.sleep(TrackerLink.RETRY.toMillis());
      assertFalse(link.connected());
      assertEquals(0, tracker.registers.get(), "never registered with the impostor");
    }
  }

  @Test
  void aPinnedFingerprintIsRequiredFromTheStart() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0);
        TrackerLink wrong =
            start(address(tracker.port()).withFingerprint(Identity.generate().id()))) {
      DiztlException e = assertThrows(DiztlException.class, wrong::listPeers);
      assertTrue(e.getMessage().contains("(from --tracker): refusing it"), e.getMessage());
      assertEquals(0, tracker.registers.get());

      try (TrackerLink right =
          start(address(tracker.port()).withFingerprint(FakeTracker.IDENTITY.id()))) {
        await(right::connected, "registration with the pinned tracker");
      }
    }
  }

  @Test
  void answersSearchesOnItsRelayStreamAndReopensItAfterItBreaks() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0)) {
      tracker.relays = true;
      SearchAnswerer answerer =
          (request, answer) -> {
            answer.onNext(
                SearchResponse.newBuilder()
                    .addHits(SearchHit.newBuilder().setName(request.getQuery() + ".txt"))
                    .build());
            answer.onCompleted();
          };
      try (TrackerLink link =
          TrackerLink.start(
              address(tracker.port()),
              SELF,
              Transport.tls(Identity.generate()),
              data,
              executor,
              Optional.empty(),
              answerer)) {
        await(() -> tracker.relayStreams.get() == 1 && link.relayOpen(), "the stream opened");
        assertEquals(SELF.getNodeId(), tracker.relayReplies.take().getHello().getNodeId());

        tracker.relay.onNext(
            RelayQuery.newBuilder()
                .setSearchId(4)
                .setRequest(SearchRequest.newBuilder().setQuery("notes"))
                .setDeadlineMillis(5000)
                .build());
        RelayAnswer answer = tracker.relayReplies.take().getAnswer();
        assertEquals(4, answer.getSearchId());
        assertEquals("notes.txt", answer.getHits(0).getName());

        tracker.relay.onError(Status.UNAVAILABLE.asRuntimeException());
        await(() -> tracker.relayStreams.get() == 2, "the stream reopened at a heartbeat");
        await(link::relayOpen, "the link holds the new stream");
      }
    }
  }

  @Test
  void asksATrackerWithoutRelayStreamsOnlyOnce() throws Exception {
    try (FakeTracker tracker = new FakeTracker(0)) {
      try (TrackerLink link =
          TrackerLink.start(
              address(tracker.port()),
              SELF,
              Transport.tls(Identity.generate()),
              data,
              executor,
              Optional.empty(),
              (request, answer) -> answer.onCompleted())) {
        await(() -> tracker.heartbeats.get() >= 3, "heartbeats");
        assertFalse(link.relayOpen());
        assertEquals(1, tracker.relayStreams.get(), "asked once, not at every heartbeat");
      }
    }
  }

  private TrackerLink start(TrackerAddress address) {
    return TrackerLink.start(address, SELF, Transport.tls(Identity.generate()), data, executor);
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
