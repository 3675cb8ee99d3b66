package io.diztl.index;

import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexSearchTest {

  @TempDir Path share;
  @TempDir Path indexDir;
  private ShareIndex index;

  @BeforeEach
  void indexShare() throws IOException {
    write(share, "Holiday_Photo-2019.JPG", "x".repeat(100));
    write(share, "photos/HolidayPhoto2019.jpg", "x".repeat(200));
    write(share, "docs/holiday plans.pdf", "x".repeat(3_000));
    write(share, "docs/report.pdf", "x".repeat(10_000));
    write(share, "music/Song Title.mp3", "x".repeat(5_000));
    write(share, "Café Menu.txt", "menu");
    index = IndexTestFiles.open(share, indexDir);
    index.reconcile();
  }

  @AfterEach
  void close() {
    index.close();
  }

  private List<String> paths(SearchQuery query) {
    return index.search(query).stream().map(IndexedFile::path).toList();
  }

  private List<String> paths(String text) {
    return paths(SearchQuery.ofText(text));
  }

  private static SearchQuery filtered(
      String text, FileType type, long min, long max, String extension) {
    return new SearchQuery(
        text, Optional.ofNullable(type), min, max, Optional.ofNullable(extension), 100);
  }

  @Test
  void everyWordMustMatchTheName() {
    assertEquals(
        List.of("photos/HolidayPhoto2019.jpg", "Holiday_Photo-2019.JPG"), paths("holiday photo"));
    assertEquals(
        List.of("photos/HolidayPhoto2019.jpg", "Holiday_Photo-2019.JPG"), paths("photo 2019"));
    assertEquals(List.of("docs/holiday plans.pdf"), paths("Holiday Plans"));
    assertEquals(List.of(), paths("holiday song"));
  }

  @Test
  void matchesExtensionsAndFoldedAccents() {
    assertEquals(2, paths("jpg").size());
    assertEquals(List.of("Café Menu.txt"), paths("cafe"));
    assertEquals(List.of("Café Menu.txt"), paths("CAFÉ menu"));
  }

  @Test
  void onlyTheLastWordIsAPrefix() {
    assertEquals(3, paths("hol").size());
    assertEquals(
        List.of("photos/HolidayPhoto2019.jpg", "Holiday_Photo-2019.JPG"), paths("holiday pho"));
    assertEquals(List.of(), paths("hol photo"));
    assertEquals(List.of("photos/HolidayPhoto2019.jpg"), paths("holidayphoto"));
  }

  @Test
  void filtersNarrowTheWords() {
    assertEquals(
        List.of("docs/holiday plans.pdf"),
        paths(filtered("holiday", FileType.DOCUMENT, 0, 0, null)));
    assertEquals(
        List.of("photos/HolidayPhoto2019.jpg"), paths(filtered("holiday", null, 150, 1_000, null)));
    assertEquals(List.of("docs/holiday plans.pdf"), paths(filtered("holiday", null, 0, 0, ".PDF")));
  }

  @Test
  void filtersAloneSelectFiles() {
    assertEquals(
        List.of("photos/HolidayPhoto2019.jpg", "Holiday_Photo-2019.JPG"),
        paths(filtered("", FileType.IMAGE, 0, 0, null)));
    assertEquals(
        List.of("docs/report.pdf", "music/Song Title.mp3"),
        paths(filtered(" ", null, 4_000, 0, null)));
    assertEquals(List.of("Café Menu.txt"), paths(filtered("", null, 0, 50, null)));
  }

  @Test
  void blankTextWithoutFiltersFindsNothing() {
    assertEquals(List.of(), paths(""));
    assertEquals(List.of(), paths(" ._- "));
  }

  @Test
  void resultsAreCappedAtTheLimit() {
    assertEquals(6, paths(filtered("", null, 1, 0, null)).size());
    assertEquals(2, paths(new SearchQuery("", Optional.empty(), 1, 0, Optional.empty(), 2)).size());
    assertEquals(
        List.of("docs/holiday plans.pdf"),
        paths(new SearchQuery("hol", Optional.empty(), 0, 0, Optional.empty(), 1)));
  }

  @Test
  void rankingPrefersExactWordsThenShorterNamesThenPaths() throws IOException {
    write(share, "a/songbook.mp3", "1");
    write(share, "b/song remix extended.mp3", "2");
    write(share, "c/song.mp3", "3");
    write(share, "z/dup song.mp3", "4");
    write(share, "y/dup song.mp3", "5");
    index.reconcile();
    List<IndexedFile> hits = index.search(SearchQuery.ofText("song"));
    assertEquals(
        List.of(
            "c/song.mp3",
            "y/dup song.mp3",
            "z/dup song.mp3",
            "music/Song Title.mp3",
            "b/song remix extended.mp3",
            "a/songbook.mp3"),
        hits.stream().map(IndexedFile::path).toList());
    assertTrue(hits.getFirst().score() > hits.getLast().score(), "scores: " + hits);
  }

  @Test
  void hitsCarryTheirFields() {
    IndexedFile hit = index.search(SearchQuery.ofText("holidayphoto2019")).getFirst();
    assertEquals(ShareIndex.idOf("photos/HolidayPhoto2019.jpg"), hit.id());
    assertEquals("HolidayPhoto2019.jpg", hit.name());
    assertEquals("jpg", hit.extension());
    assertEquals(FileType.IMAGE, hit.type());
    assertEquals(200, hit.size());
    assertTrue(hit.modifiedMillis() > 0);
    assertTrue(hit.score() > 0);
    IndexedFile byId = index.get(hit.id()).orElseThrow();
    assertEquals(hit.path(), byId.path());
    assertEquals(hit.size(), byId.size());
    assertEquals(0f, byId.score());
    assertEquals(Optional.empty(), index.get(ShareIndex.idOf("no/such/file")));
  }

  @Test
  void searchOutOfTimeOrCancelledFailsWithItsKind() {
    DiztlException late =
        assertThrows(
            DiztlException.class,
            () -> index.search(SearchQuery.ofText("holiday"), Duration.ZERO, () -> false));
    assertEquals(ErrorKind.TIMED_OUT, late.kind());

    DiztlException gone =
        assertThrows(
            DiztlException.class,
            () -> index.search(SearchQuery.ofText("holiday"), Duration.ofMinutes(1), () -> true));
    assertEquals(ErrorKind.CANCELLED, gone.kind());

    assertEquals(
        paths("holiday"),
        index.search(SearchQuery.ofText("holiday"), Duration.ofMinutes(1), () -> false).stream()
            .map(IndexedFile::path)
            .toList(),
        "a search within its budget finds the same");
  }

  @Test
  void queryBeyondItsBoundsIsAnInvalidArgument() {
    InvalidQueryException e =
        assertThrows(
            InvalidQueryException.class,
            () -> index.search(SearchQuery.ofText("holiday ".repeat(65))));
    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    assertTrue(e.getMessage().endsWith("expected at most 64 terms, found 65"), e.getMessage());
  }
}
