package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.sha256;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import io.diztl.api.metadata.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexExtractionTest {

  private static final String SONG = "So What.tags";
  private static final String PLAIN = "plain.bin";

  @TempDir Path share;
  @TempDir Path indexDir;
  private final FakeMetadataSource source = new FakeMetadataSource();

  private ShareIndex open() {
    return ShareIndex.open(new IndexConfig(share, indexDir, List.of()), source);
  }

  private static List<String> paths(ShareIndex index, String text) {
    return index.search(SearchQuery.ofText(text)).stream().map(IndexedFile::path).toList();
  }

  private static IndexedFile file(ShareIndex index, String path) {
    return index.get(ShareIndex.idOf(path)).orElseThrow(() -> new AssertionError(path));
  }

  private void addMoodField() {
    List<FieldSpec> fields = new ArrayList<>(FakeMetadataSource.FIELDS);
    fields.add(FieldSpec.text("mood", "mood"));
    source.fields = List.copyOf(fields);
    source.version = "fake 2";
  }

  @Test
  void reextractsEveryFileWhenTheExtractorsChange() throws IOException {
    write(share, SONG, "artist=Miles Davis\nmood=cool\n");
    write(share, PLAIN, "data");
    try (ShareIndex index = open()) {
      index.reconcile();
      awaitIdle(index);
      assertEquals(List.of(), paths(index, "mood:cool"));
      assertEquals(List.of(), paths(index, "cool"));

      addMoodField();
      index.reextract();
      awaitIdle(index);
      assertEquals(List.of(SONG), paths(index, "mood:cool"));
      assertEquals(
          List.of("mood"), index.search(SearchQuery.ofText("cool")).getFirst().matchedBy());
      assertEquals(2, source.calls(SONG));
      assertEquals(2, source.calls(PLAIN));
      assertEquals(sha256("artist=Miles Davis\nmood=cool\n"), file(index, SONG).sha256());
    }
  }

  @Test
  void nothingIsExtractedAgainWhileTheExtractorsStayTheSame() throws IOException {
    write(share, SONG, "artist=Miles Davis\n");
    Path plain = write(share, PLAIN, "no extractor accepts this");
    try (ShareIndex index = open()) {
      index.reconcile();
      awaitIdle(index);
    }
    assertEquals(1, source.calls(SONG));
    assertEquals(1, source.calls(PLAIN), "a file without metadata is extracted too");

    try (ShareIndex index = open()) {
      index.reconcile();
      index.reextract();
      index.fileChanged(plain);
      awaitIdle(index);
      assertEquals(2, source.totalCalls(), "calls: " + source.calls);
      assertEquals(List.of(SONG), paths(index, "artist:miles"));
    }

    addMoodField();
    try (ShareIndex index = open()) {
      index.reconcile();
      awaitIdle(index);
      assertEquals(4, source.totalCalls(), "reconcile queues files of other extractors");
    }
  }

  @Test
  void aSourceWithoutFieldsIsNeverAsked() throws IOException {
    source.fields = List.of();
    source.version = "";
    write(share, SONG, "artist=Miles Davis\n");
    try (ShareIndex index = open()) {
      index.reconcile();
      index.fileChanged(write(share, "new.tags", "artist=Queen\n"));
      awaitIdle(index);
      assertEquals(0, source.totalCalls());

      source.fields = FakeMetadataSource.FIELDS;
      source.version = "fake 1";
      index.reextract();
      awaitIdle(index);
      assertEquals(2, source.totalCalls());
      assertEquals(List.of("new.tags"), paths(index, "artist:queen"));
    }
  }

  @Test
  void theHashAndTheMetadataAreWrittenWithoutLosingEachOther() throws IOException {
    CountDownLatch gate = new CountDownLatch(1);
    source.gate = gate;
    try (ShareIndex index = open()) {
      // A change seen by the watcher: hashed and extracted in the background (the reconcile reads
      // small files itself). The hash lands while the extraction waits; the metadata written later
      // keeps it.
      index.fileChanged(write(share, SONG, "artist=Miles Davis\n"));
      long deadline = System.nanoTime() + IndexTestFiles.IDLE_TIMEOUT.toNanos();
      while (index.get(ShareIndex.idOf(SONG)).map(IndexedFile::sha256).orElse("").isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "not hashed in time");
        Thread.onSpinWait();
      }
      assertEquals(1, index.filesAwaitingMetadata(), "the extraction waits at the gate");
      gate.countDown();
      awaitIdle(index);
      assertEquals(0, index.filesAwaitingMetadata());
      IndexedFile song = file(index, SONG);
      assertEquals(sha256("artist=Miles Davis\n"), song.sha256());
      assertEquals(List.of("Miles Davis"), song.metadata().get("artist"));

      // A metadata-only rewrite keeps the hash.
      source.gate = null;
      addMoodField();
      index.reextract();
      awaitIdle(index);
      assertEquals(sha256("artist=Miles Davis\n"), file(index, SONG).sha256());
    }
  }

  @Test
  void aChangedFileGetsItsNewMetadata() throws IOException {
    Path song = write(share, SONG, "artist=Miles Davis\n");
    try (ShareIndex index = open()) {
      index.reconcile();
      awaitIdle(index);
      write(share, SONG, "artist=John Coltrane\n");
      index.fileChanged(song);
      awaitIdle(index);
      assertEquals(List.of(), paths(index, "artist:miles"));
      assertEquals(List.of(SONG), paths(index, "artist:coltrane"));
      assertEquals(sha256("artist=John Coltrane\n"), file(index, SONG).sha256());
    }
  }
}
