package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.index.RoutingKeys;
import io.diztl.proto.ShareSummary;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.tracker.RoutingPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private final RoutingTable table = new RoutingTable(new RoutingPolicy(3));
  private final RegisteredNode photos = node("photos", "holiday", "photo", "2019");
  private final RegisteredNode reports = node("reports", "budget", "report");
  private final RegisteredNode silent = node("silent");
  private final List<RegisteredNode> live = List.of(photos, reports, silent);

  @Test
  void asksEveryNodeBelowTheSize() {
    table.update(2);
    assertFalse(table.routing());
    assertEquals(new RoutingTable.Route(live, 0), table.route(live, "holiday"));
  }

  @Test
  void asksOnlyNodesThatMayMatchAndNodesWithoutSummary() {
    table.update(3);
    assertTrue(table.routing());
    assertEquals(new RoutingTable.Route(List.of(photos, silent), 1), table.route(live, "hol"));
    assertEquals(
        new RoutingTable.Route(List.of(reports, silent), 1), table.route(live, "budget rep"));
    assertEquals(new RoutingTable.Route(List.of(silent), 2), table.route(live, "holiday budget"));
  }

  @Test
  void asksEveryNodeWhatItCannotJudge() {
    table.update(10);
    assertEquals(new RoutingTable.Route(live, 0), table.route(live, "type:image size>1M"));
    assertEquals(new RoutingTable.Route(live, 0), table.route(live, "-holiday"));
  }

  @Test
  void refusesWhatIsNotASummaryAndForgetsNodesThatLeft() {
    assertFalse(table.put("x", ByteString.copyFromUtf8("not a bloom filter")));
    assertEquals(ByteString.EMPTY, table.encoded("x"));
    table.retain(Set.of("reports"));
    assertEquals(ByteString.EMPTY, table.encoded("photos"));
    assertFalse(table.encoded("reports").isEmpty());
  }

  private RegisteredNode node(String id, String... words) {
    NodeInfo info = NodeInfo.newBuilder().setNodeId(id).setHost("h").setPort(1).build();
    if (words.length > 0) {
      Set<String> keys = new HashSet<>();
      RoutingKeys.ofShare(List.of(words), keys::add);
      assertTrue(table.put(id, ShareSummary.of(keys).toByteString()));
    }
    return new RegisteredNode(
        info,
        "",
        0,
        new Endpoint(
            Endpoint.keyOf(info),
            info,
            node -> {
              throw new AssertionError("routing opens no channel");
            }));
  }
}
