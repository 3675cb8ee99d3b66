package io.diztl.node.internal.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.tracker.StandingQueryLink;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.StandingQuery;
import io.diztl.proto.v1.WatchEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This node's own standing queries: registration, once-per-content reporting, persistence. */
class OwnWatchesTest {

  private static final String SELF = "a".repeat(27);
  private static final NodeInfo PEER = NodeInfo.newBuilder().setNodeId("b".repeat(27)).build();

  @TempDir Path share;
  @TempDir Path dataDir;
  private ShareIndex index;
  private final RecordingLink tracker = new RecordingLink();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void open() {
    index = ShareIndex.open(new IndexConfig(share, dataDir.resolve("index"), List.of()));
  }

  @AfterEach
  void close() {
    index.close();
  }

  private OwnWatches watches() {
    return new OwnWatches(
        SELF, index, tracker, (query, sink) -> () -> {}, new WatchStore(dataDir), clock);
  }

  @Test
  void reportsEachContentOnceAndKeepsThatAcrossRestarts() {
    List<WatchEvent> events = new ArrayList<>();
    OwnWatches first = watches();
    first.watch(SearchQuery.ofText("sunset"), Duration.ofDays(1), events::add);
    String id = events.getFirst().getRegistered().getId();
    assertEquals(SELF, tracker.registered.getFirst().getAskerNodeId());

    first.deliver(delivery(id, hit("f1", "aa"), hit("f2", "aa"), hit("f3", "bb")));
    assertEquals(3, events.size(), "the registration, then aa and bb once each: " + events);

    List<WatchEvent> later = new ArrayList<>();
    OwnWatches restarted = watches();
    assertEquals(List.of(id), restarted.list().stream().map(w -> w.getId()).toList());
    assertEquals(2, restarted.list().getFirst().getMatches());
    restarted.attach(id, later::add);
    assertEquals(3, later.size(), "the description and the two latest matches");
    restarted.deliver(delivery(id, hit("f4", "aa"), hit("f5", "cc")));
    assertEquals(4, later.size(), "only cc is new");
    assertEquals("f5", later.getLast().getMatch().getHit().getFileId());

    restarted.registerAll();
    assertEquals(2, tracker.registered.size(), "registered again, such as after a tracker restart");
  }

  @Test
  void refusesWhatSearchRefusesAndForgetsCancelledWatches() {
    OwnWatches watches = watches();
    DiztlException bad =
        assertThrows(
            DiztlException.class,
            () -> watches.watch(SearchQuery.ofText("size>lots"), Duration.ofDays(1), e -> {}));
    assertTrue(bad.getMessage().startsWith("invalid query at character"), bad.getMessage());
    assertTrue(tracker.registered.isEmpty());

    List<WatchEvent> events = new ArrayList<>();
    watches.watch(SearchQuery.ofText("moon"), Duration.ofDays(1), events::add);
    String id = events.getFirst().getRegistered().getId();
    watches.cancel(id);
    assertEquals(List.of(id), tracker.cancelled);
    assertTrue(watches().list().isEmpty());
    assertEquals(
        ErrorKind.NOT_FOUND, assertThrows(DiztlException.class, () -> watches.cancel(id)).kind());
  }

  private static DeliverStandingMatchesRequest delivery(String id, SearchHit... hits) {
    return DeliverStandingMatchesRequest.newBuilder()
        .setQueryId(id)
        .setNode(PEER)
        .addAllHits(List.of(hits))
        .build();
  }

  private static SearchHit hit(String fileId, String sha) {
    return SearchHit.newBuilder()
        .setFileId(fileId)
        .setName(fileId + ".txt")
        .setSha256(sha.repeat(32))
        .build();
  }

  /** Records the tracker calls. */
  private static final class RecordingLink implements StandingQueryLink {
    final List<StandingQuery> registered = new ArrayList<>();
    final List<String> cancelled = new ArrayList<>();

    @Override
    public StandingQuery register(StandingQuery query) {
      registered.add(query);
      return query;
    }

    @Override
    public void cancel(String id) {
      cancelled.add(id);
    }

    @Override
    public void report(ReportStandingMatchesRequest report) {}

    @Override
    public boolean connected() {
      return true;
    }
  }
}
