package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standing queries matched against each file as the index writes it. */
class ShareIndexStandingTest {

  @TempDir Path share;
  @TempDir Path indexDir;
  private final FakeMetadataSource source = new FakeMetadataSource();
  private final List<WrittenFile> written = new CopyOnWriteArrayList<>();
  private ShareIndex index;

  @BeforeEach
  void open() {
    source.matchers.put("fuzzy", new FuzzyMatcher());
    index = ShareIndex.open(new IndexConfig(share, indexDir, List.of()), source);
    index.reconcile();
    index.onWritten(written::add);
  }

  @AfterEach
  void close() {
    index.close();
  }

  @Test
  void matchesNewFileByNameAsSearchWould() throws IOException {
    StandingQuery holiday = index.compileStanding(SearchQuery.ofText("holiday"));
    add("photos/Holiday_Beach.jpg", "x");
    add("notes.txt", "nothing here");

    List<IndexedFile> matches = matches(holiday);
    assertFalse(matches.isEmpty());
    assertTrue(matches.stream().allMatch(f -> f.path().equals("photos/Holiday_Beach.jpg")));
    assertEquals(List.of("name"), matches.getFirst().matchedBy());
    assertEquals(index.search(SearchQuery.ofText("holiday")).getFirst().id(), matches.get(0).id());
  }

  @Test
  void matchesExtractedMetadataOnceExtractionWroteIt() throws IOException {
    StandingQuery miles = index.compileStanding(SearchQuery.ofText("artist:\"miles davis\""));
    add("music/So What.tags", "artist=Miles Davis\ngenre=Jazz\n");
    add("music/Bohemian.tags", "artist=Queen\n");

    List<IndexedFile> matches = matches(miles);
    assertFalse(matches.isEmpty());
    assertTrue(matches.stream().allMatch(f -> f.name().equals("So What.tags")));
    assertEquals(List.of("Miles Davis"), matches.getLast().metadata().get("artist"));
    assertTrue(matches.getLast().matchedBy().contains("artist"));
    assertTrue(
        written.stream()
            .anyMatch(f -> f.file().name().equals("So What.tags") && !matched(f, miles)),
        "the write before extraction does not match");
  }

  @Test
  void appliesFiltersAndPluginMatchers() throws IOException {
    StandingQuery bigImages =
        index.compileStanding(
            new SearchQuery("size>1K", Optional.of(FileType.IMAGE), 0, 0, Optional.empty(), 10));
    StandingQuery fuzzy = index.compileStanding(SearchQuery.ofText("fuzzy:holidy"));
    add("small.jpg", "x");
    add("big.jpg", "x".repeat(2000));
    add("big.txt", "x".repeat(2000));
    add("holiday.mp4", "x");

    assertEquals(List.of("big.jpg"), names(bigImages));
    assertEquals(List.of("holiday.mp4"), names(fuzzy));
    assertEquals(List.of("fuzzy"), matches(fuzzy).getFirst().matchedBy());
  }

  @Test
  void agreesWithTheSearchOnEveryFileAndLabel() throws IOException {
    add("photos/Holiday Beach 2019.jpg", "x".repeat(3000));
    add("photos/beach holiday.png", "x");
    add("docs/Holiday report.pdf", "x".repeat(500));
    add("music/So What.tags", "artist=Miles Davis\ngenre=Jazz\n");
    add("music/Holiday.tags", "artist=Billie Holiday\n");
    add("notes/todo.txt", "nothing");
    List<String> queries =
        List.of(
            "holiday",
            "holi",
            "\"holiday beach\"",
            "\"beach holiday\"",
            "holiday -beach",
            "holiday ext:pdf",
            "holiday size>1K",
            "size<1K -type:image",
            "artist:holiday",
            "artist:\"miles davis\"",
            "genre:jazz",
            "fuzzy:holidy -ext:jpg",
            "path:photos beach",
            "nosuchfield:x holiday",
            "todo");
    int found = 0;
    for (String text : queries) {
      StandingQuery standing = index.compileStanding(SearchQuery.ofText(text));
      Map<String, List<String>> searched = new TreeMap<>();
      index.search(SearchQuery.ofText(text)).forEach(f -> searched.put(f.path(), f.matchedBy()));
      Map<String, List<String>> matched = new TreeMap<>();
      for (WrittenFile file : lastWrites()) {
        file.match(standing).ifPresent(f -> matched.put(f.path(), f.matchedBy()));
      }
      assertEquals(searched, matched, text);
      found += matched.size();
    }
    assertTrue(found > 15, "most queries find something: " + found);
  }

  @Test
  void refusesQueriesASearchRefusesAndQueriesWithoutTerms() {
    InvalidQueryException bad =
        assertThrows(
            InvalidQueryException.class,
            () -> index.compileStanding(SearchQuery.ofText("size>lots")));
    InvalidQueryException sameAsSearch =
        assertThrows(
            InvalidQueryException.class, () -> index.search(SearchQuery.ofText("size>lots")));
    assertEquals(sameAsSearch.getMessage(), bad.getMessage());
    assertThrows(InvalidQueryException.class, () -> index.compileStanding(SearchQuery.ofText("")));
  }

  private void add(String path, String content) throws IOException {
    index.fileChanged(write(share, path, content));
    awaitIdle(index);
  }

  /** The last write of each file: what the index holds now. */
  private Collection<WrittenFile> lastWrites() {
    Map<String, WrittenFile> last = new LinkedHashMap<>();
    written.forEach(file -> last.put(file.file().path(), file));
    return last.values();
  }

  private List<IndexedFile> matches(StandingQuery query) {
    return written.stream().flatMap(f -> f.match(query).stream()).toList();
  }

  private List<String> names(StandingQuery query) {
    return matches(query).stream().map(IndexedFile::name).distinct().toList();
  }

  private static boolean matched(WrittenFile file, StandingQuery query) {
    return file.match(query).isPresent();
  }

  /** Fuzzy matching of name words, like the bundled matcher. */
  private static final class FuzzyMatcher implements SearchMatcher {
    @Override
    public String prefix() {
      return "fuzzy";
    }

    @Override
    public String description() {
      return "names within two edits: fuzzy:holidy";
    }

    @Override
    public Query toQuery(String argument, MatchFields fields) {
      return new FuzzyQuery(new Term(fields.nameWords(), argument));
    }
  }
}
