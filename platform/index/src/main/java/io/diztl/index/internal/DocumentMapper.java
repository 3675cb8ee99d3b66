package io.diztl.index.internal;

import io.diztl.api.FileType;
import io.diztl.api.metadata.FieldType;
import io.diztl.index.IndexedFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * The one place that turns files into Lucene documents and back. Every field name lives here.
 *
 * <p>Metadata values go in fields named {@code meta.<name>.<type>} ({@code meta.artist.text}): the
 * type is part of the name because Lucene refuses one field name indexed two ways, and a plugin may
 * change a field's type between versions. Every value is stored, so that a document can be rebuilt
 * when only its hash or only its metadata changes.
 */
public final class DocumentMapper {

  /** Stable id of the relative path: StringField, not stored (it follows from the path). */
  public static final String ID = "id";

  /** Relative path with '/' separators: keyword (for prefix deletes and tie-break sort), stored. */
  public static final String PATH = "path";

  /** The path's words, analyzed with {@link NameAnalyzer}: what {@code path:word} searches. */
  public static final String PATH_WORDS = "path_words";

  /** The whole relative path, lower-cased, as one term (for matchers). */
  public static final String PATH_EXACT = "path_exact";

  /** File name: analyzed with {@link NameAnalyzer}; not stored, the path holds it. */
  public static final String NAME = "name";

  /** The whole file name, lower-cased, as one term (for matchers). */
  public static final String NAME_EXACT = "name_exact";

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

  /** The version stamp the metadata was extracted with, empty if never: keyword, stored. */
  public static final String EXTRACTORS = "extractors";

  /**
   * The number of metadata values, as doc values: a document without any can be read back from doc
   * values alone (see {@link DocValueRecords}).
   */
  public static final String METADATA_COUNT = "metadata_count";

  /** Name prefix of typed metadata fields. */
  public static final String METADATA_PREFIX = "meta.";

  /**
   * Written before every extractors version in {@link #EXTRACTORS}: documents of an older layout
   * (without it) are extracted, and so rewritten, again. Change it when the document layout
   * changes.
   */
  private static final String LAYOUT = "2;";

  private static final Set<String> CORE_STORED = Set.of(PATH, SIZE, MTIME, SHA256, EXTRACTORS);

  /** How many leading bytes of the path's SHA-256 make an id. */
  private static final int ID_BYTES = 12;

  /** Longest keyword term indexed, in chars (Lucene refuses terms over 32766 bytes). */
  private static final int MAX_KEYWORD_CHARS = 8_000;

  /** Text values longer than this are cut while loaded for display. */
  private static final int DISPLAY_LOAD_CHARS = 4 * MetadataDisplay.MAX_TEXT_CHARS;

  /** The tokens of the folder of the last document built on this thread. */
  private static final ThreadLocal<FolderTokens> FOLDERS =
      ThreadLocal.withInitial(FolderTokens::new);

  /** The document and fields reused by the bulk writes of this thread. */
  private static final ThreadLocal<ReusedDocument> REUSED =
      ThreadLocal.withInitial(ReusedDocument::new);

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

  /** The Lucene field holding the values of metadata field {@code name} of {@code type}. */
  public static String metaField(String name, FieldType type) {
    return METADATA_PREFIX + name + "." + type.name().toLowerCase(Locale.ROOT);
  }

  /** The term a keyword value is indexed and searched as: lower-cased, cut if very long. */
  public static String keywordTerm(String value) {
    String term = value.toLowerCase(Locale.ROOT);
    return term.length() > MAX_KEYWORD_CHARS ? term.substring(0, MAX_KEYWORD_CHARS) : term;
  }

  /** What {@link #EXTRACTORS} holds for documents extracted with {@code extractorsVersion}. */
  public static String versionStamp(String extractorsVersion) {
    return LAYOUT + extractorsVersion;
  }

  /** The document for {@code file}. */
  public static Document toDocument(FileRecord file) {
    String path = file.path();
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    String extension = extensionOf(name);
    // The name is analysed once for both fields, its folder once for all the files in it.
    NameTokens nameTokens = NameTokens.of(name);
    NameTokens folderTokens = slash < 0 ? NameTokens.EMPTY : FOLDERS.get().of(path, slash);
    Document doc = new Document();
    doc.add(new StringField(ID, idOf(path), Field.Store.NO));
    doc.add(new KeywordField(PATH, path, Field.Store.YES));
    doc.add(new TextField(PATH_WORDS, NameTokens.stream(folderTokens, nameTokens)));
    doc.add(new StringField(PATH_EXACT, path.toLowerCase(Locale.ROOT), Field.Store.NO));
    doc.add(new TextField(NAME, NameTokens.stream(NameTokens.EMPTY, nameTokens)));
    doc.add(new StringField(NAME_EXACT, name.toLowerCase(Locale.ROOT), Field.Store.NO));
    doc.add(new NumericDocValuesField(NAME_LENGTH, name.length()));
    doc.add(new StringField(EXTENSION, extension, Field.Store.NO));
    doc.add(new StringField(TYPE, FileType.ofExtension(extension).name(), Field.Store.NO));
    doc.add(new LongField(SIZE, file.stamp().size(), Field.Store.YES));
    doc.add(new LongField(MTIME, file.stamp().modifiedMillis(), Field.Store.YES));
    doc.add(new KeywordField(SHA256, file.sha256(), Field.Store.YES));
    doc.add(new KeywordField(EXTRACTORS, file.extractorsVersion(), Field.Store.YES));
    doc.add(new NumericDocValuesField(METADATA_COUNT, file.metadata().size()));
    for (MetaValue value : file.metadata()) {
      addMetadata(doc, value);
    }
    return doc;
  }

  /**
   * The same document as {@link #toDocument}, built in the document and fields this thread reused
   * for the previous one (only the metadata fields are new): valid until the thread's next call. A
   * bulk load writes many documents one after another; refilling the same fields spares an
   * allocation per field and token stream.
   */
  static Document toReusedDocument(FileRecord file) {
    return REUSED.get().of(file);
  }

  private static void addMetadata(Document doc, MetaValue value) {
    String field = metaField(value.field(), value.type());
    switch (value.type()) {
      case TEXT -> doc.add(new TextField(field, (String) value.value(), Field.Store.YES));
      case KEYWORD -> {
        String text = (String) value.value();
        doc.add(new StringField(field, keywordTerm(text), Field.Store.NO));
        doc.add(new StoredField(field, text));
      }
      case NUMBER -> {
        double number = (Double) value.value();
        doc.add(new DoublePoint(field, number));
        doc.add(new StoredField(field, number));
      }
      case DATE -> {
        long millis = ((Instant) value.value()).toEpochMilli();
        doc.add(new LongPoint(field, millis));
        doc.add(new StoredField(field, millis));
      }
    }
  }

  /** Loads every stored field needed by {@link #toRecord}. */
  public static DocumentStoredFieldVisitor recordVisitor() {
    return new DocumentStoredFieldVisitor() {
      @Override
      public StoredFieldVisitor.Status needsField(FieldInfo fieldInfo) {
        return isStored(fieldInfo.name) ? Status.YES : Status.NO;
      }
    };
  }

  /**
   * Loads the stored fields needed by {@link #toIndexedFile}, cutting long text values (a book's
   * content, say) early, since only their beginning is shown.
   */
  public static DocumentStoredFieldVisitor displayVisitor() {
    return new DocumentStoredFieldVisitor() {
      @Override
      public StoredFieldVisitor.Status needsField(FieldInfo fieldInfo) {
        return isStored(fieldInfo.name) ? Status.YES : Status.NO;
      }

      @Override
      public void stringField(FieldInfo fieldInfo, String value) throws IOException {
        super.stringField(
            fieldInfo,
            value.length() > DISPLAY_LOAD_CHARS ? value.substring(0, DISPLAY_LOAD_CHARS) : value);
      }
    };
  }

  private static boolean isStored(String field) {
    return CORE_STORED.contains(field) || field.startsWith(METADATA_PREFIX);
  }

  /**
   * Hands the state of every live document of {@code reader} to {@code sink}. Reads doc values
   * only, which is much faster than stored fields when every document is wanted.
   */
  public static void readStates(LeafReader reader, Consumer<FileState> sink) throws IOException {
    SortedSetDocValues paths = DocValues.getSortedSet(reader, PATH);
    SortedSetDocValues hashes = DocValues.getSortedSet(reader, SHA256);
    SortedSetDocValues versions = DocValues.getSortedSet(reader, EXTRACTORS);
    SortedNumericDocValues sizes = DocValues.getSortedNumeric(reader, SIZE);
    SortedNumericDocValues times = DocValues.getSortedNumeric(reader, MTIME);
    // Few distinct versions: decode each once per segment.
    Map<Long, String> versionByOrd = new HashMap<>();
    Bits live = reader.getLiveDocs();
    for (int doc = paths.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = paths.nextDoc()) {
      if (live != null && !live.get(doc)) {
        continue;
      }
      String path = paths.lookupOrd(paths.nextOrd()).utf8ToString();
      String sha =
          hashes.advanceExact(doc) ? hashes.lookupOrd(hashes.nextOrd()).utf8ToString() : "";
      String version = "";
      if (versions.advanceExact(doc)) {
        long ord = versions.nextOrd();
        version = versionByOrd.get(ord);
        if (version == null) {
          version = versions.lookupOrd(ord).utf8ToString();
          versionByOrd.put(ord, version);
        }
      }
      if (!sizes.advanceExact(doc) || !times.advanceExact(doc)) {
        throw new IOException("document of " + path + " lacks its size or modification time");
      }
      sink.accept(
          new FileState(path, new FileStamp(sizes.nextValue(), times.nextValue()), sha, version));
    }
  }

  /**
   * Reads records from the doc values of one segment, for documents without metadata: much cheaper
   * than decompressing their stored fields. Documents must be read in increasing order.
   */
  static final class DocValueRecords {
    private final SortedNumericDocValues sizes;
    private final SortedNumericDocValues times;
    private final SortedSetDocValues hashes;
    private final SortedSetDocValues versions;
    private final NumericDocValues metadataCounts;

    DocValueRecords(LeafReader reader) throws IOException {
      sizes = DocValues.getSortedNumeric(reader, SIZE);
      times = DocValues.getSortedNumeric(reader, MTIME);
      hashes = DocValues.getSortedSet(reader, SHA256);
      versions = DocValues.getSortedSet(reader, EXTRACTORS);
      metadataCounts = DocValues.getNumeric(reader, METADATA_COUNT);
    }

    /**
     * The record of {@code path} at {@code doc}, or null when the document has metadata or was
     * written without a count of it (read it from its stored fields then).
     */
    FileRecord read(int doc, String path) throws IOException {
      if (!metadataCounts.advanceExact(doc)
          || metadataCounts.longValue() != 0
          || !sizes.advanceExact(doc)
          || !times.advanceExact(doc)) {
        return null;
      }
      return new FileRecord(
          path,
          new FileStamp(sizes.nextValue(), times.nextValue()),
          hashes.advanceExact(doc) ? hashes.lookupOrd(hashes.nextOrd()).utf8ToString() : "",
          versions.advanceExact(doc) ? versions.lookupOrd(versions.nextOrd()).utf8ToString() : "",
          List.of());
    }
  }

  /** The record stored in {@code doc} (loaded with {@link #recordVisitor()}). */
  public static FileRecord toRecord(Document doc) {
    String version = doc.get(EXTRACTORS);
    return new FileRecord(
        doc.get(PATH),
        new FileStamp(
            doc.getField(SIZE).numericValue().longValue(),
            doc.getField(MTIME).numericValue().longValue()),
        doc.get(SHA256),
        version == null ? "" : version,
        metadataOf(doc));
  }

  private static List<MetaValue> metadataOf(Document doc) {
    List<MetaValue> values = new ArrayList<>();
    for (IndexableField field : doc) {
      String name = field.name();
      int dot = name.lastIndexOf('.');
      if (!name.startsWith(METADATA_PREFIX) || dot <= METADATA_PREFIX.length()) {
        continue;
      }
      FieldType type = FieldType.valueOf(name.substring(dot + 1).toUpperCase(Locale.ROOT));
      Object value =
          switch (type) {
            case TEXT, KEYWORD -> field.stringValue();
            case NUMBER -> field.numericValue().doubleValue();
            case DATE -> Instant.ofEpochMilli(field.numericValue().longValue());
          };
      values.add(new MetaValue(name.substring(METADATA_PREFIX.length(), dot), type, value));
    }
    return values;
  }

  /**
   * The public view of {@code doc} (loaded with {@link #displayVisitor()} or {@link
   * #recordVisitor()}), with the score it got in a search (0 outside one) and what matched it.
   */
  public static IndexedFile toIndexedFile(Document doc, float score, List<String> matchedBy) {
    return toIndexedFile(toRecord(doc), score, matchedBy);
  }

  /** The public view of {@code file}, with a score (0 outside a search) and what matched it. */
  public static IndexedFile toIndexedFile(FileRecord file, float score, List<String> matchedBy) {
    String extension = extensionOf(file.name());
    return new IndexedFile(
        idOf(file.path()),
        file.path(),
        file.name(),
        extension,
        FileType.ofExtension(extension),
        file.stamp().size(),
        file.stamp().modifiedMillis(),
        file.sha256(),
        score,
        MetadataDisplay.of(file.metadata()),
        matchedBy);
  }

  /** A document of the fields of {@link #toDocument}, filled again for each file. */
  private static final class ReusedDocument {
    private final Document doc = new Document();
    private final List<Field> core;
    private final StringField id = new StringField(ID, "", Field.Store.NO);
    private final KeywordField path = new KeywordField(PATH, "", Field.Store.YES);
    private final NameTokens.Replay pathWordTokens =
        new NameTokens.Replay(NameTokens.EMPTY, NameTokens.EMPTY);
    private final TextField pathWords = new TextField(PATH_WORDS, pathWordTokens);
    private final StringField pathExact = new StringField(PATH_EXACT, "", Field.Store.NO);
    private final NameTokens.Replay nameTokens =
        new NameTokens.Replay(NameTokens.EMPTY, NameTokens.EMPTY);
    private final TextField nameWords = new TextField(NAME, nameTokens);
    private final StringField nameExact = new StringField(NAME_EXACT, "", Field.Store.NO);
    private final NumericDocValuesField nameLength = new NumericDocValuesField(NAME_LENGTH, 0);
    private final StringField extension = new StringField(EXTENSION, "", Field.Store.NO);
    private final StringField type = new StringField(TYPE, "", Field.Store.NO);
    private final LongField size = new LongField(SIZE, 0, Field.Store.YES);
    private final LongField mtime = new LongField(MTIME, 0, Field.Store.YES);
    private final KeywordField sha256 = new KeywordField(SHA256, "", Field.Store.YES);
    private final KeywordField extractors = new KeywordField(EXTRACTORS, "", Field.Store.YES);
    private final NumericDocValuesField metadataCount =
        new NumericDocValuesField(METADATA_COUNT, 0);
    private final FolderTokens folders = new FolderTokens();

    /** Whether {@link #doc} holds metadata fields after the core ones. */
    private boolean withMetadata;

    ReusedDocument() {
      core =
          List.of(
              id,
              path,
              pathWords,
              pathExact,
              nameWords,
              nameExact,
              nameLength,
              extension,
              type,
              size,
              mtime,
              sha256,
              extractors,
              metadataCount);
      core.forEach(doc::add);
    }

    /** The document of {@code file}. */
    Document of(FileRecord file) {
      if (withMetadata) {
        doc.clear();
        core.forEach(doc::add);
        withMetadata = false;
      }
      String text = file.path();
      int slash = text.lastIndexOf('/');
      String name = text.substring(slash + 1);
      String ext = extensionOf(name);
      NameTokens words = NameTokens.of(name);
      NameTokens folderWords = slash < 0 ? NameTokens.EMPTY : folders.of(text, slash);
      id.setStringValue(idOf(text));
      path.setStringValue(text);
      pathWords.setTokenStream(pathWordTokens.of(folderWords, words));
      pathExact.setStringValue(text.toLowerCase(Locale.ROOT));
      nameWords.setTokenStream(nameTokens.of(NameTokens.EMPTY, words));
      nameExact.setStringValue(name.toLowerCase(Locale.ROOT));
      nameLength.setLongValue(name.length());
      extension.setStringValue(ext);
      type.setStringValue(FileType.ofExtension(ext).name());
      size.setLongValue(file.stamp().size());
      mtime.setLongValue(file.stamp().modifiedMillis());
      sha256.setStringValue(file.sha256());
      extractors.setStringValue(file.extractorsVersion());
      metadataCount.setLongValue(file.metadata().size());
      for (MetaValue value : file.metadata()) {
        addMetadata(doc, value);
        withMetadata = true;
      }
      return doc;
    }
  }

  /** The tokens of one folder, kept while documents of files in it are built. */
  private static final class FolderTokens {
    private String folder = "";
    private NameTokens tokens = NameTokens.EMPTY;

    /** The tokens of the folder part of {@code path}, which ends at {@code slash}. */
    NameTokens of(String path, int slash) {
      if (folder.length() != slash || !path.startsWith(folder)) {
        folder = path.substring(0, slash);
        tokens = NameTokens.of(folder);
      }
      return tokens;
    }
  }
}
