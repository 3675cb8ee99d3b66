package io.diztl.index.internal;

import io.diztl.api.FileType;
import io.diztl.index.IndexedFile;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * The one place that turns files into Lucene documents and back. Every field name lives here.
 *
 * <p>Core fields have plain names. Typed metadata added later (by extractor plugins) is meant to
 * get names under {@link #METADATA_PREFIX} and to be built here too, so that the writer, the
 * queries and the reconciler never see how a field is stored.
 */
public final class DocumentMapper {

  /** Stable id of the relative path: StringField, stored. */
  public static final String ID = "id";

  /** Relative path with '/' separators: keyword (for prefix deletes and tie-break sort), stored. */
  public static final String PATH = "path";

  /** File name: analyzed with {@link NameAnalyzer}, stored. */
  public static final String NAME = "name";

  /** Length of the file name, as doc values: shorter names rank first among equal scores. */
  public static final String NAME_LENGTH = "name_length";

  /** Lower-case extension without dot: keyword. */
  public static final String EXTENSION = "extension";

  /** {@link FileType} name: keyword. */
  public static final String TYPE = "type";

  /** Size in bytes: points, doc values (summed by stats, read by reconcile), stored. */
  public static final String SIZE = "size";

  /** Modification time in epoch milliseconds: points, doc values, stored. */
  public static final String MTIME = "mtime";

  /** Lower-case hex SHA-256, empty until known: keyword (with doc values), stored. */
  public static final String SHA256 = "sha256";

  /** Name prefix reserved for typed metadata fields. */
  public static final String METADATA_PREFIX = "meta.";

  /** The stored fields needed to rebuild a {@link FileRecord} or an {@link IndexedFile}. */
  public static final Set<String> STORED = Set.of(ID, PATH, NAME, SIZE, MTIME, SHA256);

  /** How many leading bytes of the path's SHA-256 make an id. */
  private static final int ID_BYTES = 12;

  private DocumentMapper() {}

  /** The id of the file at {@code relativePath}. */
  public static String idOf(String relativePath) {
    return Sha256.prefixOf(relativePath, ID_BYTES);
  }

  /** The lower-case extension of {@code name} without dot, empty when it has none. */
  public static String extensionOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1
        ? ""
        : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The document for {@code file}. */
  public static Document toDocument(FileRecord file) {
    String name = file.name();
    String extension = extensionOf(name);
    Document doc = new Document();
    doc.add(new StringField(ID, idOf(file.path()), Field.Store.YES));
    doc.add(new KeywordField(PATH, file.path(), Field.Store.YES));
    doc.add(new TextField(NAME, name, Field.Store.YES));
    doc.add(new NumericDocValuesField(NAME_LENGTH, name.length()));
    doc.add(new StringField(EXTENSION, extension, Field.Store.NO));
    doc.add(new StringField(TYPE, FileType.ofExtension(extension).name(), Field.Store.NO));
    doc.add(new LongField(SIZE, file.stamp().size(), Field.Store.YES));
    doc.add(new LongField(MTIME, file.stamp().modifiedMillis(), Field.Store.YES));
    doc.add(new KeywordField(SHA256, file.sha256(), Field.Store.YES));
    return doc;
  }

  /**
   * Hands the record of every live document of {@code reader} to {@code sink}. Reads doc values
   * only, which is much faster than stored fields when every document is wanted.
   */
  public static void readRecords(LeafReader reader, Consumer<FileRecord> sink) throws IOException {
    SortedSetDocValues paths = DocValues.getSortedSet(reader, PATH);
    SortedSetDocValues hashes = DocValues.getSortedSet(reader, SHA256);
    SortedNumericDocValues sizes = DocValues.getSortedNumeric(reader, SIZE);
    SortedNumericDocValues times = DocValues.getSortedNumeric(reader, MTIME);
    Bits live = reader.getLiveDocs();
    for (int doc = paths.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = paths.nextDoc()) {
      if (live != null && !live.get(doc)) {
        continue;
      }
      String path = paths.lookupOrd(paths.nextOrd()).utf8ToString();
      String sha =
          hashes.advanceExact(doc) ? hashes.lookupOrd(hashes.nextOrd()).utf8ToString() : "";
      if (!sizes.advanceExact(doc) || !times.advanceExact(doc)) {
        throw new IOException("document of " + path + " lacks its size or modification time");
      }
      sink.accept(new FileRecord(path, new FileStamp(sizes.nextValue(), times.nextValue()), sha));
    }
  }

  /** The record stored in {@code doc} (loaded with at least the {@link #STORED} fields). */
  public static FileRecord toRecord(Document doc) {
    return new FileRecord(
        doc.get(PATH),
        new FileStamp(
            doc.getField(SIZE).numericValue().longValue(),
            doc.getField(MTIME).numericValue().longValue()),
        doc.get(SHA256));
  }

  /** The public view of {@code doc}, with the score it got in a search (0 outside one). */
  public static IndexedFile toIndexedFile(Document doc, float score) {
    FileRecord file = toRecord(doc);
    String extension = extensionOf(file.name());
    return new IndexedFile(
        doc.get(ID),
        file.path(),
        file.name(),
        extension,
        FileType.ofExtension(extension),
        file.stamp().size(),
        file.stamp().modifiedMillis(),
        file.sha256(),
        score);
  }
}
