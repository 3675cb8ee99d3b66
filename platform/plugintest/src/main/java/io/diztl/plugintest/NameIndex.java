package io.diztl.plugintest;

import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * A tiny in-memory index of file paths to try a {@link SearchMatcher}'s queries on, built like a
 * node's name fields: {@link #FIELDS} names them. Name words are split at everything but letters
 * and digits, and also at case changes and letter/digit transitions (keeping the whole word), then
 * lower-cased and folded to ASCII; each word is one term (no positions, so no phrase queries).
 *
 * <pre>{@code
 * try (NameIndex index = NameIndex.of("photos/Holiday_2019.jpg", "docs/report.pdf")) {
 *   assertEquals(List.of("photos/Holiday_2019.jpg"), index.search(matcher, "holidy"));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class NameIndex implements AutoCloseable {

  /** The fields this index holds, to give to {@link SearchMatcher#toQuery}. */
  public static final MatchFields FIELDS = new TestFields("name_words", "name_exact", "path_exact");

  private static final String PATH = "path";

  private final ByteBuffersDirectory directory;
  private final DirectoryReader reader;

  private NameIndex(ByteBuffersDirectory directory, DirectoryReader reader) {
    this.directory = directory;
    this.reader = reader;
  }

  /** An index of files at these paths relative to a share, with '/' separators. */
  public static NameIndex of(String... relativePaths) {
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      for (String path : relativePaths) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Document doc = new Document();
        doc.add(new StoredField(PATH, path));
        doc.add(new StringField(FIELDS.nameExact(), name.toLowerCase(Locale.ROOT), Field.Store.NO));
        doc.add(new StringField(FIELDS.pathExact(), path.toLowerCase(Locale.ROOT), Field.Store.NO));
        for (String word : words(name)) {
          doc.add(new StringField(FIELDS.nameWords(), word, Field.Store.NO));
        }
        writer.addDocument(doc);
      }
      writer.commit();
      return new NameIndex(directory, DirectoryReader.open(directory));
    } catch (IOException e) {
      throw new UncheckedIOException("building an index in memory failed", e);
    }
  }

  /** The terms a name gives in {@link MatchFields#nameWords()}. */
  public static List<String> words(String name) {
    String folded = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    Set<String> words = new LinkedHashSet<>();
    for (String token : folded.split("[^\\p{L}\\p{Nd}]+")) {
      if (!token.isEmpty()) {
        words.add(token.toLowerCase(Locale.ROOT));
        Arrays.stream(
                token.split(
                    "(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{L})(?=\\p{Nd})|(?<=\\p{Nd})(?=\\p{L})"))
            .map(part -> part.toLowerCase(Locale.ROOT))
            .forEach(words::add);
      }
    }
    return List.copyOf(words);
  }

  /** The paths matching {@code query}, in the order they were given. */
  public List<String> search(Query query) {
    Objects.requireNonNull(query, "query");
    try {
      IndexSearcher searcher = new IndexSearcher(reader);
      ScoreDoc[] hits = searcher.search(query, Math.max(1, reader.maxDoc())).scoreDocs;
      Arrays.sort(hits, (a, b) -> Integer.compare(a.doc, b.doc));
      List<String> paths = new ArrayList<>();
      for (ScoreDoc hit : hits) {
        paths.add(searcher.storedFields().document(hit.doc).get(PATH));
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException("searching an index in memory failed", e);
    }
  }

  /**
   * The paths matching {@code matcher}'s query for {@code argument}, in the order they were given.
   */
  public List<String> search(SearchMatcher matcher, String argument) {
    return search(matcher.toQuery(argument, FIELDS));
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing an index in memory failed", e);
    }
  }

  private record TestFields(String nameWords, String nameExact, String pathExact)
      implements MatchFields {}
}
