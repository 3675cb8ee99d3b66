package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexMetadataSearchTest {

  private static final String SO_WHAT = "music/So What.tags";
  private static final String BLUE = "music/Blue in Green.tags";
  private static final String QUEEN = "music/Bohemian Rhapsody.tags";
  private static final String NOTES = "docs/notes.txt";
  private static final String LONG = "docs/long.txt";
  private static final String PHOTO = "Holiday_Photo.jpg";
  private static final String VIDEO = "videos/holiday.mp4";

  @TempDir Path share;
  @TempDir Path indexDir;
  private final FakeMetadataSource source = new FakeMetadataSource();
  private ShareIndex index;

  @BeforeEach
  void indexShare() throws IOException {
    write(share, SO_WHAT, "artist=Miles Davis\ngenre=Jazz\nduration=545\nreleased=1959-08-17\n");
    write(share, BLUE, "artist=Miles Davis\ngenre=Jazz\nduration=337.5\nreleased=1959-08-17\n");
    write(share, QUEEN, "artist=Queen\ngenre=Rock\nduration=355\nreleased=1975-10-31\n");
    write(share, NOTES, "Plans for the holiday budget.\nKind of Blue is a record by Miles Davis.");
    write(share, LONG, "Lorem ipsum dolor sit amet,\n\tconsectetur adipiscing. ".repeat(12));
    Path photo = write(share, PHOTO, "x".repeat(2048));
    Files.setLastModifiedTime(photo, FileTime.from(Instant.parse("2020-05-05T12:00:00Z")));
    write(share, VIDEO, "x".repeat(5000));
    source.matchers.put("fuzzy", new FuzzyMatcher());
    index = ShareIndex.open(new IndexConfig(share, indexDir, List.of()), source);
    index.reconcile();
    awaitIdle(index);
  }

  @AfterEach
  void close() {
    index.close();
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
      return new FuzzyQuery(new Term(fields.nameWords(), argument.toLowerCase()));
    }
  }

  private List<IndexedFile> search(String text) {
    return index.search(SearchQuery.ofText(text));
  }

  private List<String> paths(String text) {
    return search(text).stream().map(IndexedFile::path).toList();
  }

  private List<String> sorted(String text) {
    return paths(text).stream().sorted().toList();
  }

  private IndexedFile hit(String text, String path) {
    return search(text).stream()
        .filter(file -> file.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not found by " + text));
  }

  @Test
  void plainWordsMatchNamesAndTextMetadataNamesFirst() {
    List<IndexedFile> hits = search("holiday");
    assertEquals(List.of(PHOTO, VIDEO, NOTES).stream().sorted().toList(), sorted("holiday"));
    assertEquals(NOTES, hits.getLast().path(), "name matches rank first: " + hits);
    assertEquals(List.of("name"), hits.getFirst().matchedBy());
    assertEquals(List.of("content"), hits.getLast().matchedBy());
    assertEquals(List.of(NOTES, BLUE), sorted("blue"));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("miles davis -record"));
  }

  @Test
  void phrasesAndTheLastWordAsAPrefix() {
    assertEquals(List.of(NOTES), paths("\"kind of blue\""));
    assertEquals(List.of(), paths("\"blue kind\""));
    assertEquals(List.of(QUEEN), paths("rhaps"));
    assertEquals(List.of("artist"), hit("que", QUEEN).matchedBy());
    assertEquals(List.of(), paths("que rock"), "only the last word is a prefix");
  }

  @Test
  void textAndKeywordFields() {
    assertEquals(List.of(BLUE, SO_WHAT), sorted("artist:\"miles davis\""));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("Artist:DAVIS"));
    assertEquals(List.of(), paths("artist:\"davis miles\""));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("genre:jazz"));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("genre:JAZZ"));
    assertEquals(List.of(), paths("genre:jaz"));
    assertEquals(List.of("genre"), hit("genre:rock", QUEEN).matchedBy());
    assertEquals(List.of(), paths("jazz"), "keyword fields do not match plain words");
  }

  @Test
  void numberAndDateComparisons() {
    assertEquals(List.of(BLUE, QUEEN), sorted("duration<400"));
    assertEquals(List.of(SO_WHAT), paths("duration>=545"));
    assertEquals(List.of(), paths("duration>545"));
    assertEquals(List.of(BLUE), paths("duration:337.5"));
    assertEquals(List.of(QUEEN), paths("duration:340..360"));
    assertEquals(List.of(BLUE, QUEEN), sorted("duration:..400 duration:300.."));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("released:1959-08-17"));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("released:1959-08"));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("released:1959"));
    assertEquals(List.of(QUEEN), paths("released>1959"));
    assertEquals(List.of(), paths("released<=1959-08-16"));
    assertEquals(List.of(QUEEN), paths("released:1970..1980"));
    assertEquals(
        List.of("duration", "released"), hit("duration>300 released<2000", QUEEN).matchedBy());
  }

  @Test
  void sizeAndModifiedComparisons() {
    assertEquals(List.of(PHOTO), paths("size:2K"));
    assertEquals(List.of(PHOTO), paths("size:1k..3KiB"));
    assertEquals(List.of(VIDEO), paths("size>2K"));
    assertEquals(List.of(PHOTO, VIDEO), sorted("size>=2K"));
    assertEquals(5, paths("size<2K").size());
    assertEquals(List.of(PHOTO), paths("modified:2020-05-05"));
    assertEquals(List.of(PHOTO), paths("modified:2020-05"));
    assertEquals(List.of(PHOTO), paths("modified<2021"));
    assertEquals(6, paths("modified>2020").size());
  }

  @Test
  void exclusionsAndBuiltIns() {
    assertEquals(List.of(PHOTO, NOTES).stream().sorted().toList(), sorted("holiday -type:video"));
    assertEquals(List.of(NOTES), paths("davis -genre:jazz"));
    assertEquals(List.of(BLUE, SO_WHAT), sorted("davis -\"kind of blue\""));
    assertEquals(List.of(PHOTO), paths("type:image"));
    assertEquals(List.of(LONG, NOTES), sorted("ext:TXT"));
    assertEquals(List.of(VIDEO), paths("name:holiday ext:.mp4"));
    assertEquals(List.of("content", "path"), hit("holiday path:docs", NOTES).matchedBy());
    assertEquals(List.of(), paths("-holiday"), "exclusions alone find nothing");
  }

  @Test
  void unknownFieldsFindNothingWithoutError() {
    assertEquals(List.of(), paths("holiday mood:calm"));
    assertEquals(List.of(), paths("rating>4"));
    assertEquals(sorted("holiday"), sorted("holiday -mood:calm"));
    index.validateQuery("mood:calm rating>4");
  }

  @Test
  void separateFiltersStillApply() {
    SearchQuery documents =
        new SearchQuery("davis", Optional.of(FileType.DOCUMENT), 0, 0, Optional.empty(), 10);
    assertEquals(List.of(NOTES), index.search(documents).stream().map(IndexedFile::path).toList());
    SearchQuery small =
        new SearchQuery("genre:jazz", Optional.empty(), 0, 80, Optional.of("tags"), 10);
    assertEquals(
        List.of(BLUE, SO_WHAT),
        index.search(small).stream().map(IndexedFile::path).sorted().toList());
  }

  @Test
  void matchersJoinTheQuery() {
    assertEquals(List.of(PHOTO, VIDEO), sorted("fuzzy:holidy"));
    assertEquals(List.of("fuzzy"), hit("fuzzy:holidy", PHOTO).matchedBy());
    assertEquals(List.of(VIDEO), paths("fuzzy:holidy type:video"));
    assertEquals(List.of("name", "fuzzy"), hit("photo fuzzy:holidy", PHOTO).matchedBy());
  }

  @Test
  void hitsCarryTheirMetadataForDisplay() {
    IndexedFile song = hit("genre:jazz", SO_WHAT);
    assertEquals(
        Map.of(
            "artist", List.of("Miles Davis"),
            "genre", List.of("Jazz"),
            "duration", List.of("545"),
            "released", List.of("1959-08-17")),
        song.metadata());
    assertEquals(List.of("337.5"), hit("genre:jazz", BLUE).metadata().get("duration"));
    String content = hit("lorem", LONG).metadata().get("content").getFirst();
    assertTrue(content.length() <= 120 && content.endsWith("…"), content);
    assertTrue(
        content.startsWith("Lorem ipsum dolor sit amet, consectetur adipiscing. Lorem"), content);
    assertEquals(song.metadata(), index.get(song.id()).orElseThrow().metadata());
    assertEquals(Map.of(), hit("holiday", VIDEO).metadata());
  }

  @Test
  void invalidQueriesSayWhere() {
    InvalidQueryException validated =
        assertThrows(InvalidQueryException.class, () -> index.validateQuery("miles artist>x"));
    assertTrue(
        validated.getMessage().startsWith("invalid query at character 13: expected ':' after"),
        validated.getMessage());
    InvalidQueryException searched =
        assertThrows(InvalidQueryException.class, () -> search("duration>long"));
    assertTrue(
        searched.getMessage().startsWith("invalid query at character 10: expected a number"),
        searched.getMessage());
  }
}
