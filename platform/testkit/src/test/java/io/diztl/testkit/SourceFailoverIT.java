package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.DownloadEntry;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.testkit.TestSwarm.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads whose search result's node has left, over real TCP: the other nodes that have the
 * content serve it, and with none left the download stays queued, says why, and finishes once a
 * holder is back.
 */
class SourceFailoverIT {

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int MIB = 1024 * 1024;

  @TempDir Path root;
  private TestSwarm swarm;

  @BeforeEach
  void startSwarm() {
    swarm = TestSwarm.start(root);
  }

  @AfterEach
  void stopSwarm() {
    swarm.close();
  }

  @Test
  void aResultWhoseNodeLeftComesFromTheOtherNodesThatHaveIt() throws Exception {
    byte[] content = NetworkIT.randomBytes(6 * MIB + 5, 21);
    TestNode alice = sharing("alice", content);
    TestNode bob = sharing("bob", content);
    TestNode carol = receiver(3);
    SearchHit hit = hashedHit(carol, alice);
    hashedHit(carol, bob);
    FileRef ref = new FileRef(alice.node().id(), hit.getFileId());

    alice.close();
    GetProgress last = drain(carol.control().get(request(ref)));

    assertTrue(last.getDone(), "the download ended without its file");
    assertArrayEquals(content, Files.readAllBytes(Path.of(last.getPath())));
    assertTrue(bob.node().bytesRequested() >= content.length, "bob served it");
    DownloadEntry listed = carol.control().listDownloads().getDownloads(0);
    assertEquals("done", listed.getState());
    assertEquals(1, listed.getSources());
  }

  @Test
  void aDownloadWithEverySourceGoneWaitsQueuedAndFinishesWhenOneIsBack() throws Exception {
    byte[] content = NetworkIT.randomBytes(3 * MIB + 1, 22);
    TestNode alice = sharing("alice", content);
    TestNode carol = receiver(2);
    FileRef ref = new FileRef(alice.node().id(), hashedHit(carol, alice).getFileId());

    alice.close();
    DiztlException told =
        assertThrows(DiztlException.class, () -> drain(carol.control().get(request(ref))));

    assertEquals(ErrorKind.UNAVAILABLE, told.kind());
    assertTrue(told.getMessage().contains("stays queued"), told.getMessage());
    DownloadEntry waiting = carol.control().listDownloads().getDownloads(0);
    assertEquals("queued", waiting.getState());
    assertTrue(
        waiting.getError().contains("no node that has the content")
            && waiting.getError().contains("tried again in"),
        waiting.getError());
    Path target = root.resolve("fetched").resolve("film.mkv");
    assertFalse(Files.exists(target));

    swarm.addNode("alice");

    Eventually.await("the waiting download finishes", BOUND, () -> Files.exists(target));
    assertArrayEquals(content, Files.readAllBytes(target));
    assertEquals("done", carol.control().listDownloads().getDownloads(0).getState());
  }

  private TestNode sharing(String name, byte[] content) {
    TestNode node = swarm.addNode(name);
    node.write("films/film.mkv", content);
    return node;
  }

  private TestNode receiver(int online) {
    TestNode carol = swarm.addNode("carol");
    Eventually.await(
        "every node registered", BOUND, () -> carol.control().status().getPeersOnline() == online);
    return carol;
  }

  /** {@code owner}'s hit for the file as {@code asker} finds it, once hashed. */
  private static SearchHit hashedHit(TestNode asker, TestNode owner) {
    SearchHit[] hit = new SearchHit[1];
    Eventually.await(
        owner.name() + " hashed the file",
        BOUND,
        () -> {
          var hits =
              NetworkIT.hitsFrom(asker, owner, SearchRequest.newBuilder().setQuery("film").build());
          hit[0] = hits.isEmpty() ? null : hits.get(0);
          return hit[0] != null && !hit[0].getSha256().isEmpty();
        });
    return hit[0];
  }

  private GetRequest request(FileRef ref) {
    return GetRequest.newBuilder()
        .setRef(ref.toString())
        .setTargetDir(root.resolve("fetched").toString())
        .build();
  }

  private static GetProgress drain(Iterator<GetProgress> progress) {
    GetProgress last = null;
    while (progress.hasNext()) {
      last = progress.next();
    }
    assertFalse(last == null, "get reports progress");
    return last;
  }
}
