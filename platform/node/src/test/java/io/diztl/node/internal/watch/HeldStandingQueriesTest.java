package io.diztl.node.internal.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.tracker.StandingQueryLink;
import io.diztl.proto.v1.HoldStandingQueriesRequest;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StandingQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held standing queries on a real index: files written while no query is held are passed over on
 * the writing thread, yet a file written right after an update arrives is matched by it.
 */
class HeldStandingQueriesTest {

  private static final String QUERY_ID = "held-query-0000001";

  @TempDir Path share;
  @TempDir Path data;

  private final LinkedBlockingQueue<ReportStandingMatchesRequest> reports =
      new LinkedBlockingQueue<>();

  private final StandingQueryLink tracker =
      new StandingQueryLink() {
        @Override
        public StandingQuery register(StandingQuery query) {
          throw new UnsupportedOperationException("not asked in this test");
        }

        @Override
        public void cancel(String id) {
          throw new UnsupportedOperationException("not asked in this test");
        }

        @Override
        public void report(ReportStandingMatchesRequest report) {
          reports.add(report);
        }

        @Override
        public boolean connected() {
          return true;
        }
      };

  @Test
  void aFileWrittenRightAfterAnUpdateIsMatchedAndNoneWhileNothingIsHeld() throws Exception {
    try (ShareIndex index = ShareIndex.open(new IndexConfig(share, data, List.of()));
        HeldStandingQueries held = new HeldStandingQueries(index, tracker, Clock.systemUTC())) {
      Files.writeString(share.resolve("report before.txt"), "before");
      index.reconcile();
      assertEquals(0, held.size());

      held.hold(
          HoldStandingQueriesRequest.newBuilder()
              .setReplace(true)
              .addQueries(
                  StandingQuery.newBuilder()
                      .setId(QUERY_ID)
                      .setQuery(SearchRequest.newBuilder().setQuery("report"))
                      .setExpiresMillis(System.currentTimeMillis() + 3_600_000))
              .build());
      // Written at once, before the update may have been applied on the queries' thread.
      Files.writeString(share.resolve("report after.txt"), "after");
      index.reconcile();

      ReportStandingMatchesRequest report = reports.poll(30, TimeUnit.SECONDS);
      assertTrue(report != null, "a report of the file written after the update");
      assertEquals(QUERY_ID, report.getQueryId());
      assertEquals(
          List.of("report after.txt"),
          report.getHitsList().stream().map(h -> h.getName()).toList());
      assertEquals(1, held.size());
    }
  }
}
