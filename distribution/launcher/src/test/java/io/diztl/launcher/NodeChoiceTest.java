package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.v1.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeChoiceTest {

  private static final NodeInfo ALICE = node("a1b2c3d4e5f60708", "alice");
  private static final NodeInfo ALICE_TOO = node("a1ffffffffffffff", "Alice-laptop");
  private static final NodeInfo BOB = node("0b0b0b0b0b0b0b0b", "bob");
  private static final List<NodeInfo> ONLINE = List.of(ALICE, ALICE_TOO, BOB);

  @Test
  void takesAWholeIdAUniquePrefixOrAUniqueName() {
    assertEquals(BOB, NodeChoice.pick("0b0b0b0b0b0b0b0b", ONLINE));
    assertEquals(ALICE, NodeChoice.pick("a1b", ONLINE));
    assertEquals(BOB, NodeChoice.pick("0b", ONLINE));
    assertEquals(BOB, NodeChoice.pick("bob", ONLINE));
    assertEquals(ALICE_TOO, NodeChoice.pick("alice-LAPTOP", ONLINE), "names match in any case");
    assertEquals(ALICE, NodeChoice.pick(" alice ", ONLINE));
  }

  @Test
  void anAmbiguousPrefixListsTheCandidates() {
    DiztlException e = assertThrows(DiztlException.class, () -> NodeChoice.pick("a1", ONLINE));

    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    assertEquals(
        "'a1' could be any of a1b2c3d4e5f60708 (alice), a1ffffffffffffff (Alice-laptop): give more"
            + " of the id",
        e.getMessage());
  }

  @Test
  void aNameTwoNodesShareIsAmbiguous() {
    NodeInfo otherBob = node("0c0c0c0c0c0c0c0c", "bob");

    DiztlException e =
        assertThrows(DiztlException.class, () -> NodeChoice.pick("bob", List.of(BOB, otherBob)));

    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().contains("0c0c0c0c0c0c0c0c (bob)"), e.getMessage());
  }

  @Test
  void anUnknownNodeListsTheNodesOnline() {
    DiztlException e = assertThrows(DiztlException.class, () -> NodeChoice.pick("carol", ONLINE));

    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().startsWith("no node online is 'carol': expected"), e.getMessage());
    assertTrue(e.getMessage().contains("0b0b0b0b0b0b0b0b (bob)"), e.getMessage());
    assertTrue(
        assertThrows(DiztlException.class, () -> NodeChoice.pick("x", List.of()))
            .getMessage()
            .endsWith("found none"));
  }

  @Test
  void hostileNamesAreShownEscaped() {
    NodeInfo evil = node("0d0d0d0d0d0d0d0d", "evil\u202Eexe.jpg\u001b[2J");

    DiztlException e =
        assertThrows(DiztlException.class, () -> NodeChoice.pick("zz", List.of(evil)));

    assertFalse(e.getMessage().contains("\u202E"), e.getMessage());
    assertTrue(e.getMessage().contains("evil\\u202Eexe.jpg\\u001B[2J"), e.getMessage());
  }

  @Test
  void aWholeIdNeedsNoListOfNodes() {
    assertTrue(NodeChoice.isFullId("synw3u7n4pfy5s5kzpli3ycazub"));
    assertFalse(NodeChoice.isFullId("0b0b0b0b0b0b0b0b"), "an old id");
    assertFalse(NodeChoice.isFullId("synw3u7n4pfy5s5kzpli3ycazu"));
    assertFalse(NodeChoice.isFullId("bob"));
  }

  private static NodeInfo node(String id, String name) {
    return NodeInfo.newBuilder().setNodeId(id).setName(name).setHost("127.0.0.1").build();
  }
}
