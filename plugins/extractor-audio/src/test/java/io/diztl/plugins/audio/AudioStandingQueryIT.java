package io.diztl.plugins.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.ControlClient;
import io.diztl.plugintest.PluginArtifact;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchMatch;
import io.diztl.proto.v1.WatchRequest;
import io.diztl.testkit.Eventually;
import io.diztl.testkit.TestSwarm;
import io.diztl.testkit.TestSwarm.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standing query on a tag the packaged plugin extracts, over real TCP: node A runs the plugin and
 * shares, node B watches {@code artist:…}; an MP3 whose name says nothing of its artist is dropped
 * into A's share after the watch is held, and B hears of it once its tags are extracted.
 */
class AudioStandingQueryIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private TestSwarm swarm;
  private TestNode a;
  private TestNode b;
  private ControlClient.WatchStream stream;

  @BeforeEach
  void start() throws Exception {
    Path plugins = Files.createDirectories(root.resolve("plugins"));
    Path artifact = PluginArtifact.ofThisBuild();
    Files.copy(artifact, plugins.resolve(artifact.getFileName()));
    swarm = TestSwarm.start(root.resolve("swarm"));
    a = swarm.addNode("a", config -> config.withPluginsDir(plugins));
    b = swarm.addNode("b");
    Eventually.await(
        "both nodes registered",
        WAIT,
        () -> a.node().trackerConnected() && b.node().trackerConnected());
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.close();
    }
    swarm.close();
  }

  @Test
  void anMp3DroppedInLaterMatchesByItsArtistTag() throws Exception {
    BlockingQueue<WatchEvent> events = watch("artist:\"miles davis\"");
    WatchEvent registered = next(events);
    assertTrue(registered.hasRegistered(), "registration first: " + registered);
    Eventually.await("A holds the standing query", WAIT, () -> a.node().standingQueriesHeld() == 1);

    Path song = AudioSamples.mp3(root.resolve("track-01.mp3"), 3);
    AudioSamples.tag(song, "So What", "Miles Davis", "Kind of Blue", "Jazz", "1959");
    Path other = AudioSamples.mp3(root.resolve("track-02.mp3"), 2);
    AudioSamples.tag(other, "Naima", "John Coltrane", "Giant Steps", "Jazz", "1960");
    Path music = Files.createDirectories(a.share().resolve("music"));
    Files.move(other, music.resolve("track-02.mp3"), StandardCopyOption.ATOMIC_MOVE);
    Files.move(song, music.resolve("track-01.mp3"), StandardCopyOption.ATOMIC_MOVE);

    WatchEvent event = next(events);
    assertTrue(event.hasMatch(), "a match: " + event);
    WatchMatch match = event.getMatch();
    assertFalse(match.getExisting());
    assertEquals("music/track-01.mp3", match.getHit().getPath());
    assertEquals("Miles Davis", match.getHit().getMetadataMap().get("artist"));
    assertTrue(
        match.getHit().getMatchedByList().contains("artist"),
        "matched by its tag: " + match.getHit().getMatchedByList());
    assertEquals(a.node().id(), match.getNode().getNodeId());

    a.node().awaitIndexIdle(WAIT);
    assertNull(events.poll(1, TimeUnit.SECONDS), "the other song is not reported");
  }

  private BlockingQueue<WatchEvent> watch(String query) {
    stream =
        b.control()
            .watch(
                WatchRequest.newBuilder()
                    .setQuery(SearchRequest.newBuilder().setQuery(query))
                    .build());
    BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    ControlClient.WatchStream watching = stream;
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                watching.forEachRemaining(events::add);
              } catch (RuntimeException e) {
                // the stream was closed
              }
            });
    return events;
  }

  private static WatchEvent next(BlockingQueue<WatchEvent> events) throws InterruptedException {
    WatchEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(event, "an event within " + WAIT);
    return event;
  }
}
