package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.ControlClient;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchMatch;
import io.diztl.proto.v1.WatchRequest;
import io.diztl.testkit.TestSwarm.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standing queries over real TCP: a tracker, node A sharing new files, node B watching. */
class StandingQueriesIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path root;
  private TestSwarm swarm;
  private TestNode a;
  private TestNode b;
  private final List<ControlClient.WatchStream> streams = new ArrayList<>();

  @BeforeEach
  void start() {
    swarm = TestSwarm.start(root);
    a = swarm.addNode("a");
    b = swarm.addNode("b");
    Eventually.await(
        "both nodes registered",
        WAIT,
        () -> a.node().trackerConnected() && b.node().trackerConnected());
  }

  @AfterEach
  void stop() {
    streams.forEach(ControlClient.WatchStream::close);
    swarm.close();
  }

  @Test
  void newFileOnAReachesBsWatchOncePerContent() throws Exception {
    a.write("old/sunset-2019.txt", bytes("an old one"));
    Eventually.await(
        "A indexed the old file", WAIT, () -> a.control().status().getFilesHashed() == 1);
    Watch watch = watch("sunset", 0);
    WatchMatch existing = watch.next();
    assertTrue(existing.getExisting(), "the search at registration fills in what exists");
    assertEquals("sunset-2019.txt", existing.getHit().getName());
    awaitHeld(a, 1);

    a.write("new/sunset-beach.txt", bytes("waves"));
    WatchMatch fresh = watch.next();
    assertFalse(fresh.getExisting());
    assertEquals("sunset-beach.txt", fresh.getHit().getName());
    assertEquals(a.node().id(), fresh.getNode().getNodeId());
    assertFalse(fresh.getHit().getSha256().isEmpty());

    a.write("copies/sunset-beach copy.txt", bytes("waves"));
    a.write("new/sunset-hills.txt", bytes("hills"));
    assertEquals("sunset-hills.txt", watch.next().getHit().getName(), "the copy is not reported");
    assertEquals(1, b.control().listWatches().getWatchesCount());
    assertEquals(3, b.control().listWatches().getWatches(0).getMatches());
  }

  @Test
  void cancelledAndExpiredQueriesStop() throws Exception {
    Watch cancelled = watch("moon", 0);
    Watch expiring = watch("comet", 3_000);
    Watch marker = watch("marker", 0);
    awaitHeld(a, 3);

    b.control().cancelWatch(cancelled.id);
    awaitHeld(a, 2);
    Eventually.await(
        "the short watch expired",
        WAIT,
        () ->
            b.control().listWatches().getWatchesCount() == 1
                && a.node().standingQueriesHeld() == 1);
    a.write("moon.txt", bytes("moon"));
    a.write("comet.txt", bytes("comet"));
    a.node().awaitIndexIdle(WAIT);
    a.write("marker.txt", bytes("marker"));
    assertEquals("marker.txt", marker.next().getHit().getName());
    assertNull(cancelled.poll(), "nothing for the cancelled watch");
    assertNull(expiring.poll(), "nothing for the expired watch");
  }

  @Test
  void queriesKeepWorkingAfterATrackerRestart() throws Exception {
    Watch watch = watch("aurora", 0);
    awaitHeld(a, 1);
    swarm.stopTracker();
    swarm.restartTracker();
    Eventually.await(
        "both nodes registered with the new tracker",
        WAIT,
        () -> {
          try {
            return b.control().listPeers().getNodesCount() == 2;
          } catch (RuntimeException e) {
            return false;
          }
        });
    awaitHeld(a, 1);
    a.write("aurora.txt", bytes("lights"));
    WatchMatch match = watch.next();
    assertEquals("aurora.txt", match.getHit().getName());
  }

  @Test
  void aFloodOfNewFilesIsCapped() throws Exception {
    Watch watch = watch("flood", 0);
    awaitHeld(a, 1);
    int files = 150;
    for (int i = 0; i < files; i++) {
      a.write("flood/flood-" + i + ".txt", bytes("content " + i));
    }
    int matches = 0;
    int omitted = 0;
    while (matches + omitted < files) {
      WatchEvent event = watch.event();
      if (event.hasMatch()) {
        matches++;
      } else {
        omitted += event.getOmitted();
      }
    }
    assertEquals(100, matches, "at most 100 matches a minute per query");
    assertEquals(files - 100, omitted);
  }

  private void awaitHeld(TestNode node, int queries) {
    Eventually.await(
        node.name() + " holds " + queries + " standing queries",
        WAIT,
        () -> node.node().standingQueriesHeld() == queries);
  }

  private Watch watch(String query, long ttlMillis) throws InterruptedException {
    ControlClient.WatchStream stream =
        b.control()
            .watch(
                WatchRequest.newBuilder()
                    .setQuery(SearchRequest.newBuilder().setQuery(query))
                    .setTtlMillis(ttlMillis)
                    .build());
    streams.add(stream);
    Watch watch = new Watch(stream);
    WatchEvent first = watch.event();
    assertTrue(first.hasRegistered(), "registration first: " + first);
    watch.id = first.getRegistered().getId();
    return watch;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The events of one watch, read on a thread of their own. */
  private static final class Watch {
    private final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    private String id;

    Watch(ControlClient.WatchStream stream) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  stream.forEachRemaining(events::add);
                } catch (RuntimeException e) {
                  // the stream was closed
                }
              });
    }

    WatchEvent event() throws InterruptedException {
      WatchEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertNotNull(event, "an event within " + WAIT);
      return event;
    }

    WatchMatch next() throws InterruptedException {
      WatchEvent event = event();
      assertTrue(event.hasMatch(), "a match: " + event);
      return event.getMatch();
    }

    WatchEvent poll() {
      return events.poll();
    }
  }
}
