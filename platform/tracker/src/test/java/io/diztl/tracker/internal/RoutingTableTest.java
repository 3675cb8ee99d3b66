package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.diztl.index.RoutingKeys;
import io.diztl.index.RoutingTerms;
import io.diztl.proto.ShareSummary;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.tracker.RoutingPolicy;
import java.util.ArrayList;
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
    assertEquals(new RoutingTable.Route(live, 0), table.route(live, query("holiday")));
  }

  @Test
  void asksOnlyNodesThatMayMatchAndNodesWithoutSummary() {
    table.update(3);
    assertTrue(table.routing());
    assertEquals(
        new RoutingTable.Route(List.of(photos, silent), 1), table.route(live, query("hol")));
    assertEquals(
        new RoutingTable.Route(List.of(reports, silent), 1),
        table.route(live, query("budget rep")));
    assertEquals(
        new RoutingTable.Route(List.of(silent), 2), table.route(live, query("holiday budget")));
  }

  @Test
  void asksEveryNodeWhatItCannotJudge() {
    table.update(10);
    assertEquals(new RoutingTable.Route(live, 0), table.route(live, query("type:image size>1M")));
    assertEquals(new RoutingTable.Route(live, 0), table.route(live, query("-holiday")));
  }

  @Test
  void refusesWhatIsNotASummaryAndForgetsNodesThatLeft() {
    assertFalse(table.put("x", ByteString.copyFromUtf8("not a bloom filter")));
    assertEquals(ByteString.EMPTY, table.encoded("x"));
    table.retain(Set.of("reports"));
    assertEquals(ByteString.EMPTY, table.encoded("photos"));
    assertFalse(table.encoded("reports").isEmpty());
  }

  @Test
  void hashAndExtensionTermsAskEveryHolderAndOnlyThem() {
    table.update(3);
    List<RegisteredNode> shares = new ArrayList<>();
    List<RegisteredNode> holders = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String hash = String.format("%064x", i);
      RegisteredNode share =
          node(
              "share-" + i,
              new RoutingTerms(
                  1,
                  Set.of("file" + i),
                  Set.of(
                      RoutingKeys.sha256(i % 10 == 0 ? HELD : hash),
                      RoutingKeys.extension(i % 4 == 0 ? "FLAC" : "mp3"))));
      shares.add(share);
      if (i % 10 == 0) {
        holders.add(share);
      }
    }
    RoutingTable.Route byHash = table.route(shares, query("hash:" + HELD.toUpperCase()));
    assertEquals(holders, byHash.asked());
    assertEquals(36, byHash.notAsked());
    assertEquals(
        List.of(shares.get(0), shares.get(20)),
        table.route(shares, query("sha256:" + HELD + " ext:.flac")).asked(),
        "holders of the hash with a flac extension");
    List<RegisteredNode> flac = shares.stream().filter(n -> shares.indexOf(n) % 4 == 0).toList();
    assertEquals(flac, table.route(shares, query("ext:flac")).asked());
    SearchRequest filtered =
        SearchRequest.newBuilder().setQuery("file").setExtension(".flac").build();
    assertEquals(flac, table.route(shares, filtered).asked());
    assertEquals(shares, table.route(shares, query("-hash:" + HELD)).asked(), "negated: all");
  }

  @Test
  void nodesWhoseSummaryHasNoHashKeysAreAskedByHash() {
    table.update(3);
    RoutingTable.Route route = table.route(live, query("hash:" + HELD));
    assertEquals(live, route.asked(), "older summaries cannot judge a hash");
    assertEquals(List.of(silent), table.route(live, query("hash:" + HELD + " zebra")).asked());
  }

  private static final String HELD = "ab".repeat(32);

  private static SearchRequest query(String text) {
    return SearchRequest.newBuilder().setQuery(text).build();
  }

  private RegisteredNode node(String id, RoutingTerms terms) {
    Set<String> keys = new HashSet<>();
    RoutingKeys.ofShare(terms, keys::add);
    assertTrue(table.put(id, ShareSummary.of(keys).toByteString()));
    return registered(id);
  }

  private RegisteredNode node(String id, String... words) {
    if (words.length > 0) {
      Set<String> keys = new HashSet<>();
      RoutingKeys.ofShare(List.of(words), keys::add);
      assertTrue(table.put(id, ShareSummary.of(keys).toByteString()));
    }
    return registered(id);
  }

  private static RegisteredNode registered(String id) {
    NodeInfo info = NodeInfo.newBuilder().setNodeId(id).setHost("h").setPort(1).build();
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
