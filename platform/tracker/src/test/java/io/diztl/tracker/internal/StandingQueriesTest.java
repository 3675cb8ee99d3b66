package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.StandingQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandingQueriesTest {

  private static final String ASKER = "a".repeat(27);
  private static final String OTHER = "b".repeat(27);
  private static final long NOW = 1_000_000;

  private final MutableClock clock = new MutableClock();
  private final StandingQueries queries = new StandingQueries(clock, 2, 3);

  @Test
  void registersRenewsAndCancels() {
    StandingQuery held = queries.register(ASKER, query("query-one-0000001", "sunset", 5_000));
    assertEquals(ASKER, held.getAskerNodeId());
    queries.register(ASKER, query("query-one-0000001", "sunset", 9_000));
    assertEquals(List.of(NOW + 9_000), expiries());
    queries.cancel(ASKER, "query-one-0000001");
    assertTrue(queries.all().isEmpty());
    assertEquals(ErrorKind.NOT_FOUND, kind(() -> queries.cancel(ASKER, "query-one-0000001")));
  }

  @Test
  void dropsQueriesOnceExpired() {
    queries.register(ASKER, query("query-one-0000001", "sunset", 5_000));
    clock.millis = NOW + 5_000;
    assertTrue(queries.all().isEmpty());
    assertTrue(queries.get("query-one-0000001").isEmpty());
  }

  @Test
  void limitsQueriesPerNodeAndForTheNetwork() {
    queries.register(ASKER, query("query-one-0000001", "a", 5_000));
    queries.register(ASKER, query("query-two-0000002", "b", 5_000));
    DiztlException perNode =
        assertThrows(
            DiztlException.class,
            () -> queries.register(ASKER, query("query-three-00003", "c", 5_000)));
    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, perNode.kind());
    assertTrue(perNode.getMessage().contains("the most one node may"), perNode.getMessage());
    queries.register(OTHER, query("query-four-000004", "d", 5_000));
    DiztlException total =
        assertThrows(
            DiztlException.class,
            () -> queries.register(OTHER, query("query-five-000005", "e", 5_000)));
    assertEquals(ErrorKind.RESOURCE_EXHAUSTED, total.kind());
    assertTrue(total.getMessage().contains("the network"), total.getMessage());
  }

  @Test
  void refusesMalformedQueriesAndOtherNodesIds() {
    assertEquals(
        ErrorKind.INVALID_ARGUMENT,
        kind(() -> queries.register(ASKER, query("short", "sunset", 5_000))));
    assertEquals(
        ErrorKind.INVALID_ARGUMENT,
        kind(() -> queries.register(ASKER, query("query-one-0000001", "sunset", 0))));
    assertEquals(
        ErrorKind.INVALID_ARGUMENT,
        kind(() -> queries.register(ASKER, query("query-one-0000001", "x".repeat(5000), 5_000))));
    queries.register(ASKER, query("query-one-0000001", "sunset", 5_000));
    assertEquals(
        ErrorKind.PERMISSION_DENIED,
        kind(() -> queries.register(OTHER, query("query-one-0000001", "sunset", 5_000))));
    assertEquals(ErrorKind.NOT_FOUND, kind(() -> queries.cancel(OTHER, "query-one-0000001")));
  }

  private List<Long> expiries() {
    return queries.all().stream().map(StandingQuery::getExpiresMillis).toList();
  }

  private static ErrorKind kind(Runnable call) {
    return assertThrows(DiztlException.class, call::run).kind();
  }

  private static StandingQuery query(String id, String text, long ttlMillis) {
    return StandingQuery.newBuilder()
        .setId(id)
        .setQuery(SearchRequest.newBuilder().setQuery(text))
        .setExpiresMillis(ttlMillis == 0 ? 0 : NOW + ttlMillis)
        .build();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private long millis = NOW;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
