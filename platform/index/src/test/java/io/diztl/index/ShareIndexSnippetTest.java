package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Snippet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexSnippetTest {

  @TempDir Path share;
  @TempDir Path indexDir;
  private final FakeMetadataSource source = new FakeMetadataSource();
  private ShareIndex index;

  @AfterEach
  void close() {
    index.close();
  }

  private void open() {
    index = ShareIndex.open(new IndexConfig(share, indexDir, List.of()), source);
    index.reconcile();
    awaitIdle(index);
  }

  private List<IndexedFile> search(String text) {
    return index.search(
        new SearchQuery(text, Optional.empty(), 0, 0, Optional.empty(), SearchQuery.MAX_LIMIT));
  }

  /** Each snippet's marked words, in order. */
  private static List<String> marked(Snippet snippet) {
    return snippet.parts().stream().filter(Snippet.Part::marked).map(Snippet.Part::text).toList();
  }

  @Test
  void marksTheMatchedWordsOfTheContent() throws IOException {
    write(
        share,
        "notes.txt",
        "Plans for the holiday budget.\n\nKind of Blue is a record by Miles Davis.");
    open();

    IndexedFile hit = search("miles davis").getFirst();

    Snippet snippet = hit.snippets().getFirst();
    assertEquals("content", snippet.field());
    assertEquals("Kind of Blue is a record by Miles Davis.", snippet.text());
    assertEquals(List.of("Miles", "Davis"), marked(snippet));
  }

  @Test
  void marksPhrasesAndPrefixesAndNotOtherWords() throws IOException {
    write(share, "a.txt", "Blue notes. The kind of blue sky over Kyoto. Kindly reply.");
    open();

    assertEquals(
        List.of("kind of blue"),
        marked(search("\"kind of blue\"").getFirst().snippets().getFirst()));
    assertEquals(List.of("Kyoto"), marked(search("kyo").getFirst().snippets().getFirst()));
  }

  @Test
  void givesNoSnippetsForNameMatches() throws IOException {
    write(share, "holiday.txt", "nothing about it here");
    open();

    IndexedFile hit = search("holiday").getFirst();

    assertEquals(List.of("name"), hit.matchedBy());
    assertEquals(List.of(), hit.snippets());
  }

  @Test
  void cutsLongPassagesAroundTheMatchAndFindsWordsDeepInLongDocuments() throws IOException {
    String filler = "lorem ipsum dolor sit amet consectetur ".repeat(4_000);
    write(share, "long.txt", filler + "the zanzibar treaty was signed " + filler);
    open();

    Snippet snippet = search("zanzibar").getFirst().snippets().getFirst();

    assertTrue(snippet.text().length() <= Snippet.MAX_CHARS, snippet.text());
    assertTrue(snippet.text().startsWith("…") && snippet.text().endsWith("…"), snippet.text());
    assertEquals(List.of("zanzibar"), marked(snippet));
  }

  @Test
  void givesAtMostThreeSnippetsBestFirst() throws IOException {
    write(
        share,
        "many.txt",
        "Alpha one. Beta two. Alpha alpha three. Gamma four. Alpha five. Delta six. Alpha seven.");
    open();

    List<Snippet> snippets = search("alpha").getFirst().snippets();

    assertEquals(Snippet.MAX_PER_HIT, snippets.size());
    assertEquals("Alpha alpha three.", snippets.getFirst().text());
  }

  /** How many of a search's best hits get snippets. */
  private static final int SNIPPETED_HITS = 25;

  /**
   * One search of 100 hits over documents of 100,000 characters each, every one matching deep in
   * its text: prints the median time of the search with its snippets, and of a search of the same
   * files by name (without snippets) beside it.
   */
  @Test
  void highlightsAPageOfLongDocuments() throws IOException {
    String filler = "lorem ipsum dolor sit amet consectetur adipiscing elit ".repeat(900);
    for (int i = 0; i < 100; i++) {
      write(share, "docs/doc" + i + ".txt", filler + "a quarterly forecast number " + i + filler);
    }
    open();

    List<IndexedFile> hits = search("forecast");

    assertEquals(100, hits.size());
    for (int i = 0; i < hits.size(); i++) {
      List<Snippet> snippets = hits.get(i).snippets();
      if (i < SNIPPETED_HITS) {
        assertEquals(List.of("forecast"), marked(snippets.getFirst()), "hit " + i);
      } else {
        assertEquals(List.of(), snippets, "only the best " + SNIPPETED_HITS + " get snippets");
      }
    }
    System.out.printf(
        "snippets: a search of 100 hits over %,d-character documents: %d ms with snippets, %d ms"
            + " by name without%n",
        2 * filler.length(), medianMillis("forecast"), medianMillis("name:doc*"));
  }

  private long medianMillis(String query) {
    long[] millis = new long[7];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      assertEquals(100, search(query).size());
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    java.util.Arrays.sort(millis);
    return millis[millis.length / 2];
  }
}
