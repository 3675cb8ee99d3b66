package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmDownloadTest {

  private static final int PIECE = 128 * 1024;

  @TempDir Path dir;
  private final byte[] content = content(20 * PIECE + 777);
  private final PieceHashes hashes = hash(content);
  private final AtomicLong lastProgress = new AtomicLong();

  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(3).nextBytes(bytes);
    return bytes;
  }

  private static PieceHashes hash(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  private void download(PieceSource... sources) throws IOException {
    download(System::nanoTime, sources);
  }

  private void download(LongSupplier clock, PieceSource... sources) throws IOException {
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      new SwarmDownload(
              partial,
              List.of(sources),
              Duration.ZERO,
              clock,
              (verified, size) -> lastProgress.set(verified))
          .run();
    }
  }

  private byte[] part() throws IOException {
    return Files.readAllBytes(dir.resolve(hashes.rootHex() + ".part"));
  }

  @Test
  void fetchesFromEverySourceAndVerifiesEveryPiece() throws IOException {
    FakeSource a = new FakeSource("a", content);
    FakeSource b = new FakeSource("b", content);
    FakeSource c = new FakeSource("c", content);
    // Each holds its first request until all three were asked: each has its share by then.
    BooleanSupplier allAsked = () -> a.requests() > 0 && b.requests() > 0 && c.requests() > 0;
    download(a.startingWhen(allAsked), b.startingWhen(allAsked), c.startingWhen(allAsked));
    assertArrayEquals(content, part());
    assertEquals(content.length, lastProgress.get());
    assertTrue(a.sent() > 0 && b.sent() > 0 && c.sent() > 0);
  }

  @Test
  void sourcesWithOneIdAreStreamsOfOneNodeThatShareTheWork() throws IOException {
    FakeSource first = new FakeSource("a", content);
    FakeSource second = new FakeSource("a", content);
    BooleanSupplier bothAsked = () -> first.requests() > 0 && second.requests() > 0;
    // A clock that stands still: a stream the machine holds up never looks slow or lagging, so no
    // piece is taken over while in flight or asked for twice.
    download(() -> 0L, first.startingWhen(bothAsked), second.startingWhen(bothAsked));
    assertArrayEquals(content, part());
    assertTrue(first.sent() > 0 && second.sent() > 0);
    assertEquals(content.length, first.sent() + second.sent());
  }

  @Test
  void badPiecesOnEitherStreamStrikeTheNode() throws IOException {
    Set<Long> everyPiece = new java.util.HashSet<>();
    for (int i = 0; i < hashes.count(); i++) {
      everyPiece.add(hashes.offset(i));
    }
    SwarmDownload[] download = new SwarmDownload[1];
    FakeSource good =
        new FakeSource("good", content)
            .startingWhen(() -> download[0].scheduler().isDropped("bad#1"));
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      download[0] =
          new SwarmDownload(
              partial,
              List.of(
                  new FakeSource("bad", content).corrupting(everyPiece),
                  new FakeSource("bad", content).corrupting(everyPiece),
                  good),
              Duration.ZERO,
              System::nanoTime,
              (v, s) -> {});
      download[0].run();
      // Both streams may have had a bad piece in check when the third strike dropped the node.
      assertTrue(download[0].scheduler().strikes("bad#2") >= PieceScheduler.MAX_STRIKES);
      assertTrue(download[0].scheduler().isDropped("bad#2"));
    }
    assertArrayEquals(content, part());
  }

  @Test
  void aSourceSendingBadPiecesIsStruckAndThePiecesComeFromTheOthers() throws IOException {
    FakeSource bad = new FakeSource("bad", content).corrupting(Set.of(5L, 7L * PIECE + 3));
    AtomicReference<SwarmDownload> running = new AtomicReference<>();
    // The good source waits for the first strike, so that it cannot take every piece first.
    FakeSource good =
        new FakeSource("good", content)
            .startingWhen(() -> running.get().scheduler().strikes("bad") >= 1);
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      SwarmDownload download =
          new SwarmDownload(
              partial, List.of(bad, good), Duration.ZERO, System::nanoTime, (v, s) -> {});
      running.set(download);
      download.run();
      assertTrue(download.scheduler().strikes("bad") >= 1);
      assertEquals(0, download.scheduler().strikes("good"));
      assertTrue(download.surplusBytes() >= PIECE, "at least the bad piece came twice");
      assertEquals(bad.sent() + good.sent() - content.length, download.surplusBytes());
    }
    assertArrayEquals(content, part());
  }

  @Test
  void aSourceSendingOnlyBadDataIsDroppedAndTheOtherFinishes() throws IOException {
    Set<Long> everyPiece = new java.util.HashSet<>();
    for (int i = 0; i < hashes.count(); i++) {
      everyPiece.add(hashes.offset(i));
    }
    FakeSource bad = new FakeSource("bad", content).corrupting(everyPiece);
    SwarmDownload[] download = new SwarmDownload[1];
    FakeSource good =
        new FakeSource("good", content)
            .startingWhen(() -> download[0].scheduler().isDropped("bad"));
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      download[0] =
          new SwarmDownload(
              partial, List.of(bad, good), Duration.ZERO, System::nanoTime, (v, s) -> {});
      download[0].run();
      assertEquals(PieceScheduler.MAX_STRIKES, download[0].scheduler().strikes("bad"));
    }
    assertArrayEquals(content, part());
  }

  @Test
  void aSourceThatGoesAwayLeavesItsPiecesToTheOthers() throws IOException {
    FakeSource leaving = new FakeSource("leaving", content).dyingAfter(3L * PIECE);
    FakeSource staying = new FakeSource("staying", content);
    download(leaving, staying);
    assertArrayEquals(content, part());
  }

  @Test
  void aBusySourceIsAskedAgainLaterAndNotStruck() throws IOException {
    FakeSource busy = new FakeSource("busy", content).busyFor(3);
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      SwarmDownload download =
          new SwarmDownload(partial, List.of(busy), Duration.ZERO, System::nanoTime, (v, s) -> {});
      download.run();
      assertEquals(0, download.scheduler().strikes("busy"));
    }
    assertArrayEquals(content, part());
  }

  @Test
  void resumingFetchesNoVerifiedPieceAgain() throws IOException {
    FakeSource first = new FakeSource("first", content).dyingAfter(content.length / 2);
    assertThrows(IOException.class, () -> download(first));
    long kept;
    long started;
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      kept = partial.verifiedBytes();
      started = partial.prefixBytes();
    }
    assertTrue(kept > 0 && kept <= content.length / 2, "kept " + kept);
    FakeSource second = new FakeSource("second", content);
    download(second);
    assertArrayEquals(content, part());
    assertEquals(content.length - kept - started, second.sent());
  }

  @Test
  void aStoppedDownloadKeepsWhatItReceivedOfItsUnfinishedPieceAndResumesFromThere()
      throws IOException {
    SwarmDownload[] download = new SwarmDownload[1];
    // Stops at the end of a chunk of the fake (40,000 bytes) in the middle of a piece.
    FakeSource first =
        new FakeSource("first", content).stoppingAfter(2L * PIECE + 1, () -> download[0].stop());
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      download[0] =
          new SwarmDownload(partial, List.of(first), Duration.ZERO, System::nanoTime, (v, s) -> {});
      assertThrows(IOException.class, download[0]::run);
    }
    long sent = first.sent();
    assertTrue(sent % PIECE != 0 && content[(int) sent - 1] != 0, "stopped within a piece");
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      assertTrue(partial.prefixBytes() > 0);
      assertEquals(sent, partial.verifiedBytes() + partial.prefixBytes(), "all it received");
    }
    FakeSource second = new FakeSource("second", content);
    download(second);
    assertArrayEquals(content, part());
    assertEquals(content.length - sent, second.sent(), "only what the first did not send");
  }

  @Test
  void aSourceWhoseRequestFailedWithinAPieceGoesOnFromWhatItSentAndIsNotStruck()
      throws IOException {
    // Fails after its fourth chunk of 40,000 bytes, within piece 1.
    FakeSource source = new FakeSource("a", content).failingOnceAfter(PIECE + 1);
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      SwarmDownload download =
          new SwarmDownload(
              partial, List.of(source), Duration.ZERO, System::nanoTime, (v, s) -> {});
      download.run();
      assertEquals(0, download.scheduler().strikes("a"));
      assertEquals(0, download.surplusBytes());
    }
    assertArrayEquals(content, part());
    assertEquals(content.length, source.sent(), "nothing sent twice");
  }

  @Test
  void aRunEndsBeforeAPieceWhoseStartThePartHoldsSoThatItsRequestBeginsThere() throws IOException {
    int started = 30_000;
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      partial.write(0, slice(0, PIECE));
      partial.writeReceived(9, 0, slice(hashes.offset(9), started), "killed");
    }
    FakeSource source = new FakeSource("a", content);
    download(source);
    assertArrayEquals(content, part());
    assertEquals(content.length - PIECE - started, source.sent());
  }

  @Test
  void aPieceThatFailsOnTheStartThePartHeldIsFetchedWholeWithoutAStrike() throws IOException {
    int started = 30_000;
    byte[] wrong = new byte[started];
    System.arraycopy(content, (int) hashes.offset(9), wrong, 0, started);
    wrong[100] ^= 1;
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      partial.writeReceived(9, 0, ByteBuffer.wrap(wrong), "killed");
    }
    FakeSource source = new FakeSource("a", content);
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      SwarmDownload download =
          new SwarmDownload(
              partial, List.of(source), Duration.ZERO, System::nanoTime, (v, s) -> {});
      download.run();
      assertEquals(0, download.scheduler().strikes("a"));
      assertEquals(PIECE, download.surplusBytes(), "the start kept, then piece 9 whole");
    }
    assertArrayEquals(content, part());
    assertEquals(content.length - started + PIECE, source.sent(), "piece 9 once more, whole");
  }

  @Test
  void aSlowNodeIsAskedForEachPieceInPartsOverOneStream() throws IOException {
    byte[] large = content(40 * PIECE + 5);
    PieceHashes largeHashes = hash(large);
    AtomicLong clock = new AtomicLong();
    // 100 ns a byte, about 10 MB/s: a node held to its own upload limit.
    FakeSource first = new FakeSource("n", large).tickingPerByte(clock, 100);
    FakeSource second = new FakeSource("n", large).tickingPerByte(clock, 100);
    try (PiecePartial partial = PiecePartial.open(dir, largeHashes)) {
      new SwarmDownload(partial, List.of(first, second), Duration.ZERO, clock::get, (v, s) -> {})
          .run();
    }
    assertArrayEquals(large, Files.readAllBytes(dir.resolve(largeHashes.rootHex() + ".part")));
    assertEquals(large.length, first.sent() + second.sent(), "nothing sent twice");
    // Once its speed is known (a few pieces after the slow rule's count), one stream asks, a part
    // of a piece at a time.
    long known = (PieceScheduler.SLOW_AFTER_PIECES + 4L) * PIECE * 100;
    List<long[]> lateFirst = first.asked().stream().filter(r -> r[0] >= known).toList();
    List<long[]> lateSecond = second.asked().stream().filter(r -> r[0] >= known).toList();
    assertTrue(
        lateFirst.isEmpty() != lateSecond.isEmpty(),
        "one stream asks: " + lateFirst.size() + " and " + lateSecond.size() + " requests");
    List<long[]> late = lateFirst.isEmpty() ? lateSecond : lateFirst;
    assertTrue(late.size() >= 2 * 20, "expected parts of the last pieces, found " + late.size());
    for (long[] request : late) {
      assertTrue(request[1] <= SlowParts.MIN_BYTES, "asked for " + request[1]);
    }
  }

  @Test
  void aSlowNodeIsAskedForItsNextPartOnceHalfOfThePartBeforeItIsIn() throws IOException {
    byte[] large = content(40 * PIECE + 5);
    PieceHashes largeHashes = hash(large);
    AtomicLong clock = new AtomicLong();
    FakeSource source = new FakeSource("n", large).tickingPerByte(clock, 100);
    try (PiecePartial partial = PiecePartial.open(dir, largeHashes)) {
      new SwarmDownload(partial, List.of(source), Duration.ZERO, clock::get, (v, s) -> {}).run();
    }
    assertArrayEquals(large, Files.readAllBytes(dir.resolve(largeHashes.rootHex() + ".part")));
    List<long[]> ahead = source.askedAhead();
    List<long[]> fetched = source.asked();
    // Each part of a request but its last was asked for ahead: at least half of the slow parts.
    long slowParts = fetched.stream().filter(r -> r[1] <= SlowParts.MIN_BYTES).count();
    assertTrue(ahead.size() >= slowParts / 2, ahead.size() + " asked ahead of " + slowParts);
    // ... and fetched next, in the order asked: none dropped in a download nobody else serves.
    int next = 0;
    for (long[] request : fetched) {
      if (next < ahead.size()
          && request[2] == ahead.get(next)[0]
          && request[1] == ahead.get(next)[1]) {
        next++;
      }
    }
    assertEquals(ahead.size(), next, "every range asked ahead was fetched, in order");
    // Those asked while the part before them came were asked once half of it was in, not sooner.
    List<long[]> whileComing = ahead.stream().filter(ask -> ask[0] == ask[2] + ask[3]).toList();
    assertTrue(whileComing.size() >= 20, "asked while a part came: " + whileComing.size());
    for (long[] ask : whileComing) {
      assertTrue(
          ask[4] >= ask[3] / 2 && ask[4] <= ask[3],
          "asked with " + ask[4] + " of a part of " + ask[3] + " in");
    }
  }

  @Test
  void whatASlowNodeSentIsInThePartAsItComesSoAKillLosesNone() throws IOException {
    byte[] large = content(40 * PIECE + 5);
    PieceHashes largeHashes = hash(large);
    Path part = dir.resolve(largeHashes.rootHex() + ".part");
    AtomicLong clock = new AtomicLong();
    AtomicReference<SwarmDownload> download = new AtomicReference<>();
    AtomicReference<byte[]> atKill = new AtomicReference<>();
    AtomicLong sentAtKill = new AtomicLong();
    // 100 ns a byte: slow, so asked in parts of a piece; the kill comes halfway through piece 16,
    // a few milliseconds of its time after the start of that piece.
    FakeSource source = new FakeSource("n", large).tickingPerByte(clock, 100);
    source.stoppingAfter(
        16L * PIECE + 50_000,
        () -> {
          try {
            sentAtKill.set(source.sent());
            atKill.set(Files.readAllBytes(part));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          download.get().stop();
        });
    try (PiecePartial partial = PiecePartial.open(dir, largeHashes)) {
      download.set(
          new SwarmDownload(partial, List.of(source), Duration.ZERO, clock::get, (v, s) -> {}));
      assertThrows(InterruptedIOException.class, () -> download.get().run());
    }
    int sent = (int) sentAtKill.get();
    assertTrue(sent % PIECE != 0, "stopped within a piece, after " + sent + " bytes");
    assertArrayEquals(
        Arrays.copyOf(large, sent),
        Arrays.copyOf(atKill.get(), sent),
        "every byte sent was in the part when the receiver stopped");
    assertEquals(sent, source.sent(), "nothing asked for once stopped");
  }

  @Test
  void aSlowNodeAsksForNoFurtherPartOfAPieceVerifiedElsewhere() throws IOException {
    byte[] large = content(40 * PIECE + 5);
    PieceHashes largeHashes = hash(large);
    AtomicLong clock = new AtomicLong();
    AtomicReference<SwarmDownload> download = new AtomicReference<>();
    // At the end of the first part of piece 16, another source's copy of it is verified (as in
    // an endgame that doubled it); the second part was asked for ahead, and is not fetched.
    FakeSource source =
        new FakeSource("n", large)
            .tickingPerByte(clock, 100)
            .onceAfter(
                16L * PIECE + SlowParts.MIN_BYTES / 2,
                () -> download.get().scheduler().verified("elsewhere", 16, PIECE));
    try (PiecePartial partial = PiecePartial.open(dir, largeHashes)) {
      download.set(
          new SwarmDownload(partial, List.of(source), Duration.ZERO, clock::get, (v, s) -> {}));
      download.get().scheduler().add("elsewhere");
      download.get().run();
    }
    long rest = 16L * PIECE + SlowParts.MIN_BYTES;
    assertTrue(
        source.asked().stream().noneMatch(request -> request[2] == rest),
        "the rest of piece 16 was asked for");
    assertEquals(large.length - (PIECE - SlowParts.MIN_BYTES), source.sent());
  }

  private ByteBuffer slice(long offset, int length) {
    return ByteBuffer.wrap(content, (int) offset, length);
  }

  @Test
  void aRecordOfOtherContentIsIgnoredAndThePartVerifiedAgain() throws IOException {
    download(new FakeSource("a", content));
    Path record = dir.resolve(hashes.rootHex() + ".pieces");
    assertTrue(Files.exists(record));
    byte[] bytes = Files.readAllBytes(record);
    bytes[5] ^= 1; // the size it names
    Files.write(record, bytes);
    byte[] part = part();
    part[10] ^= 1; // piece 0 no longer verifies: only a trusted record would keep it
    Files.write(dir.resolve(hashes.rootHex() + ".part"), part);
    try (PiecePartial partial = PiecePartial.open(dir, hashes)) {
      BitSet reverified = new BitSet();
      reverified.set(1, hashes.count());
      assertEquals(reverified, partial.verified(), "the pieces are verified again from the part");
    }
  }
}
