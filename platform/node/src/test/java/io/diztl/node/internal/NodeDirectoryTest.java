package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.PeerInfo;
import io.diztl.proto.v1.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeDirectoryTest {

  private static final PeerInfo SELF =
      new PeerInfo("synw3u7n4pfy5s5kzpli3ycazub", "me", "127.0.0.1", 1, true);

  private final ScriptedTracker tracker = new ScriptedTracker();
  private final NodeDirectory nodes = new NodeDirectory(SELF, tracker);

  @Test
  void findsItselfAndLearnedNodesWithoutTheTracker() {
    PeerInfo bob = peer(2);
    nodes.learn(bob);

    assertEquals(SELF, nodes.locate(SELF.nodeId()));
    assertEquals(bob, nodes.locate(bob.nodeId()));
    assertEquals("bob-2", nodes.name(bob.nodeId()).orElseThrow());
    assertEquals(0, tracker.listCalls.get());
  }

  @Test
  void asksTheTrackerForNodesItHasNotSeenOrForgot() {
    tracker.peers = List.of(info(3));

    assertEquals("10.0.0.3", nodes.locate(id(3)).host());
    assertEquals(1, tracker.listCalls.get());
    nodes.locate(id(3));
    assertEquals(1, tracker.listCalls.get(), "learned from the list");

    nodes.forget(id(3));
    nodes.locate(id(3));
    assertEquals(2, tracker.listCalls.get());
  }

  @Test
  void anUnlistedNodeIsNotFoundAndADownTrackerUnavailable() {
    DiztlException unknown = assertThrows(DiztlException.class, () -> nodes.locate(id(9)));
    assertEquals(ErrorKind.NOT_FOUND, unknown.kind());
    assertEquals("node " + id(9) + " is not online", unknown.getMessage());

    tracker.down = true;
    DiztlException down = assertThrows(DiztlException.class, () -> nodes.locate(id(9)));
    assertEquals(ErrorKind.UNAVAILABLE, down.kind());
    assertTrue(down.getMessage().startsWith("cannot find node " + id(9)), down.getMessage());
  }

  @Test
  void remembersOnlyTheMostRecentNodes() {
    for (int n = 1; n <= NodeDirectory.CAPACITY + 1; n++) {
      nodes.learn(peer(n + 10));
    }

    assertTrue(nodes.name(id(11)).isEmpty(), "the eldest went");
    assertTrue(nodes.name(id(NodeDirectory.CAPACITY + 11)).isPresent());
  }

  private static String id(int n) {
    return String.format("%016x", n);
  }

  private static PeerInfo peer(int n) {
    return new PeerInfo(id(n), "bob-" + n, "10.0.0." + (n % 250), 7401, false);
  }

  private static NodeInfo info(int n) {
    return NodeInfo.newBuilder()
        .setNodeId(id(n))
        .setName("n" + n)
        .setHost("10.0.0." + n)
        .setPort(7401)
        .build();
  }
}
