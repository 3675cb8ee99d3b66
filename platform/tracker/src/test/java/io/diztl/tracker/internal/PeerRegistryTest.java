package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.tracker.TrackerLimits;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerRegistryTest {

  private static final Duration TTL = Duration.ofSeconds(10);
  private static final List<String> IDS =
      IntStream.range(0, 101)
          .mapToObj(i -> Fingerprint.of(new byte[] {(byte) i}))
          .sorted()
          .toList();
  private static final String ID = IDS.get(100);
  private static final String OTHER_ID = IDS.get(99);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<ManagedChannel> opened = new ArrayList<>();
  private final PeerRegistry registry =
      new PeerRegistry(
          TTL,
          now::get,
          node -> {
            ManagedChannel channel = mock(ManagedChannel.class);
            opened.add(channel);
            return channel;
          });

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  private static NodeInfo node(String id, String host, int port) {
    return NodeInfo.newBuilder().setNodeId(id).setHost(host).setPort(port).setName("box").build();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private List<String> liveIds() {
    return registry.live().stream().map(n -> n.info().getNodeId()).sorted().toList();
  }

  @Test
  void registeredNodeIsLiveAsGiven() {
    NodeInfo recorded = registry.register(node(ID, "10.0.0.5", 7401), "10.9.9.9");

    assertEquals(node(ID, "10.0.0.5", 7401), recorded);
    assertEquals(List.of(recorded), registry.live().stream().map(RegisteredNode::info).toList());
  }

  @Test
  void emptyHostBecomesTheObservedAddress() {
    assertEquals("10.9.9.9", registry.register(node(ID, "", 7401), "10.9.9.9").getHost());
    assertEquals(
        "0:0:0:0:0:0:0:1",
        registry.register(node(OTHER_ID, "", 7401), "0:0:0:0:0:0:0:1").getHost());
  }

  @Test
  void emptyHostWithoutObservedAddressIsRefused() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> registry.register(node(ID, "", 1), null));
    assertTrue(e.getMessage().contains("host"), e.getMessage());
    assertTrue(registry.live().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0123456789abcdef",
        "aaaaaaaaaaaaaaaaaaaaaaaaaab",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "aaaaaaaaaaaaaaaaaaaaaaaaaa1",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void malformedNodeIdIsRefused(String id) {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> registry.register(node(id, "h", 7401), null));
    assertTrue(e.getMessage().contains("node_id"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 65536})
  void portOutOfRangeIsRefused(int port) {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> registry.register(node(ID, "h", port), null));
    assertTrue(e.getMessage().contains("found " + port), e.getMessage());
  }

  @Test
  void boundaryPortsAreAccepted() {
    registry.register(node(id(0), "h", 1), null);
    registry.register(node(id(1), "h", 65535), null);
    assertEquals(2, registry.live().size());
  }

  @Test
  void silentNodeExpiresAfterTheTtlAndItsChannelCloses() {
    registry.register(node(ID, "h", 7401), null);
    registry.live().getFirst().channel().orElseThrow();

    advance(TTL);
    assertEquals(0, registry.expire());
    assertEquals(List.of(ID), liveIds());

    advance(Duration.ofMillis(1));
    assertTrue(registry.live().isEmpty());
    assertEquals(1, registry.expire());
    verify(opened.getFirst()).shutdown();
    assertFalse(registry.heartbeat(ID));
  }

  @Test
  void heartbeatsKeepANodeAlive() {
    registry.register(node(ID, "h", 7401), null);
    registry.register(node(OTHER_ID, "h", 7402), null);
    for (int i = 0; i < 5; i++) {
      advance(TTL.dividedBy(2));
      assertTrue(registry.heartbeat(ID));
      registry.expire();
    }
    assertEquals(List.of(ID), liveIds());
  }

  @Test
  void heartbeatOfAnUnknownOrExpiredNodeFails() {
    assertFalse(registry.heartbeat(ID));
    registry.register(node(ID, "h", 7401), null);
    advance(TTL.plusMillis(1));
    assertFalse(registry.heartbeat(ID), "an expired node must register again");
    advance(Duration.ofMillis(1));
    assertFalse(registry.heartbeat(ID));
  }

  @Test
  void reRegisteringFromTheSameAddressKeepsTheChannelAndRefreshes() {
    registry.register(node(ID, "h", 7401), null);
    ManagedChannel first = registry.live().getFirst().channel().orElseThrow();
    advance(TTL);

    NodeInfo renamed = node(ID, "h", 7401).toBuilder().setName("renamed").build();
    registry.register(renamed, null);
    advance(TTL);

    RegisteredNode entry = registry.live().getFirst();
    assertEquals(renamed, entry.info());
    assertSame(first, entry.channel().orElseThrow());
    verify(first, never()).shutdown();
  }

  @Test
  void reRegisteringFromANewAddressReplacesTheEntryAndClosesTheOldChannel() {
    registry.register(node(ID, "h", 7401), null);
    RegisteredNode old = registry.live().getFirst();
    ManagedChannel oldChannel = old.channel().orElseThrow();

    registry.register(node(ID, "other", 7401), null);

    verify(oldChannel).shutdown();
    assertTrue(old.channel().isEmpty(), "a replaced entry opens no new channel");
    RegisteredNode current = registry.live().getFirst();
    assertEquals("other", current.info().getHost());
    assertNotSame(oldChannel, current.channel().orElseThrow());
    assertEquals(1, registry.live().size());
  }

  @Test
  void unregisterRemovesAtOnceAndIsIdempotent() {
    registry.register(node(ID, "h", 7401), null);
    ManagedChannel channel = registry.live().getFirst().channel().orElseThrow();

    assertTrue(registry.unregister(ID));
    assertFalse(registry.unregister(ID));
    assertTrue(registry.live().isEmpty());
    verify(channel).shutdown();
  }

  @Test
  void channelIsOpenedLazilyOnce() {
    registry.register(node(ID, "h", 7401), null);
    assertTrue(opened.isEmpty());
    RegisteredNode entry = registry.live().getFirst();
    assertSame(entry.channel().orElseThrow(), entry.channel().orElseThrow());
    assertEquals(1, opened.size());
  }

  @Test
  void closeForgetsEveryNodeAndClosesTheirChannels() {
    registry.register(node(ID, "h", 7401), null);
    registry.register(node(OTHER_ID, "h", 7402), null);
    registry.live().forEach(n -> n.channel().orElseThrow());

    registry.close();

    assertTrue(registry.live().isEmpty());
    opened.forEach(channel -> verify(channel).shutdown());
  }

  // ---- limits ------------------------------------------------------------------------------

  private PeerRegistry limited(int maxNodes, int perAddress) {
    PeerRegistry small =
        new PeerRegistry(
            TTL,
            now::get,
            node -> {
              ManagedChannel channel = mock(ManagedChannel.class);
              opened.add(channel);
              return channel;
            },
            new TrackerLimits(maxNodes, perAddress, 8, 1),
            node -> {});
    return small;
  }

  /** Distinct ids that sort in the order of {@code i}. */
  private static String id(int i) {
    return IDS.get(i);
  }

  private static DiztlException exhausted(Runnable registration) {
    DiztlException e = assertThrows(DiztlException.class, registration::run);
    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, e.kind(), e.getMessage());
    return e;
  }

  @Test
  void oneAddressRegistersAtMostItsShare() {
    try (PeerRegistry small = limited(100, 3)) {
      for (int i = 0; i < 3; i++) {
        small.register(node(id(i), "", 7401 + i), "10.0.0.1");
      }
      DiztlException e =
          exhausted(() -> small.register(node(id(3), "victim.example", 7401), "10.0.0.1"));
      assertEquals(
          "address 10.0.0.1 already registered 3 nodes, the most one address may; unregister"
              + " some first",
          e.getMessage());

      small.register(node(id(0), "", 7401), "10.0.0.1");
      small.register(node(id(4), "", 7401), "10.0.0.2");
      assertEquals(4, small.live().size(), "refreshes and other addresses are still served");

      small.unregister(id(1));
      small.register(node(id(3), "", 7401), "10.0.0.1");
      assertEquals(4, small.live().size());
    }
  }

  @Test
  void expiredNodesFreeTheirAddresssShare() {
    try (PeerRegistry small = limited(100, 2)) {
      small.register(node(id(0), "h", 7401), "10.0.0.1");
      small.register(node(id(1), "h", 7402), "10.0.0.1");
      advance(TTL.plusMillis(1));
      assertEquals(2, small.expire());

      small.register(node(id(2), "h", 7401), "10.0.0.1");
      small.register(node(id(3), "h", 7402), "10.0.0.1");
      assertEquals(2, small.live().size());
    }
  }

  @Test
  void registryHoldsAtMostItsMaximum() {
    try (PeerRegistry small = limited(2, 10)) {
      small.register(node(id(0), "h", 7401), "10.0.0.1");
      small.register(node(id(1), "h", 7402), "10.0.0.2");

      DiztlException e = exhausted(() -> small.register(node(id(2), "h", 7403), "10.0.0.3"));
      assertEquals("the tracker holds its maximum of 2 nodes; try again later", e.getMessage());
      small.register(node(id(1), "other", 7402), "10.0.0.2");
      assertEquals(2, small.live().size(), "a node moving to a new address still may");
    }
  }

  @Test
  void eachNodeHasAChannelOfItsOwnEvenAtASharedAddress() {
    registry.register(node(id(0), "Shared.example", 7401), "10.0.0.1");
    registry.register(node(id(1), "shared.EXAMPLE", 7401), "10.0.0.1");
    registry.live().forEach(n -> n.channel().orElseThrow());
    assertEquals(2, opened.size(), "one channel pinned to each identity");
    ManagedChannel first = channelOf(id(0));

    registry.register(node(id(0), "shared.example", 7401), "10.0.0.2");
    assertSame(first, channelOf(id(0)), "the same node at the same address keeps its channel");
    verify(first, never()).shutdown();
    registry.unregister(id(0));
    verify(first).shutdown();
  }

  private ManagedChannel channelOf(String nodeId) {
    return registry.live().stream()
        .filter(n -> n.info().getNodeId().equals(nodeId))
        .findFirst()
        .orElseThrow()
        .channel()
        .orElseThrow();
  }

  @Test
  void nameIsRecordedStripped() {
    NodeInfo recorded =
        registry.register(node(ID, "h", 7401).toBuilder().setName("  box one \n").build(), null);
    assertEquals("box one", recorded.getName());
    assertEquals("box one", registry.live().getFirst().info().getName());
  }

  @Test
  void pagesFollowTheIdOrder() {
    for (int i = 9; i >= 0; i--) {
      registry.register(node(id(i), "h", 7401 + i), null);
    }
    List<String> first = registry.page("", 4).stream().map(n -> n.info().getNodeId()).toList();
    List<String> next = registry.page(id(3), 4).stream().map(n -> n.info().getNodeId()).toList();
    List<String> last = registry.page(id(7), 4).stream().map(n -> n.info().getNodeId()).toList();

    assertEquals(List.of(id(0), id(1), id(2), id(3)), first);
    assertEquals(List.of(id(4), id(5), id(6), id(7)), next);
    assertEquals(List.of(id(8), id(9)), last);
  }
}
