package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.diztl.api.metadata.FieldType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredValue;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;

/** Checks that the reused documents of bulk writes hold exactly what fresh documents hold. */
class DocumentMapperReuseTest {

  private final Analyzer analyzer = NameAnalyzer.forIndex();

  @Test
  void aReusedDocumentEqualsAFreshOneFileAfterFile() throws IOException {
    List<FileRecord> records =
        List.of(
            new FileRecord("Album 0001/Holiday_photo-Unique42 00042.txt", new FileStamp(9, 1), ""),
            new FileRecord("Album 0001/Track_IMG 00043.mp3", new FileStamp(0, 2), "ab".repeat(32)),
            new FileRecord("top level.JPG", new FileStamp(1L << 40, -5), "", "2;x", List.of()),
            new FileRecord("Été/déjà vu/日本 ＡＢ.flac", new FileStamp(3, 4), "cd".repeat(32)),
            new FileRecord("Été/déjà vu/second.flac", new FileStamp(5, 6), ""),
            new FileRecord("a/b/c/d/.hidden", new FileStamp(7, 8), "", "2;y", List.of()),
            new FileRecord("noextension", new FileStamp(10, 11), ""));
    Document previous = null;
    for (FileRecord record : records) {
      Document reused = DocumentMapper.toReusedDocument(record);
      if (previous != null) {
        assertSame(previous, reused, "the thread's one document");
      }
      previous = reused;
      assertEquals(describe(DocumentMapper.toDocument(record)), describe(reused), record.path());
    }
  }

  @Test
  void filesWithAndWithoutMetadataShareTheThreadsDocument() throws IOException {
    List<FileRecord> records =
        List.of(
            new FileRecord(
                "music/song.mp3",
                new FileStamp(1, 2),
                "",
                "2;x",
                List.of(
                    new MetaValue("artist", FieldType.TEXT, "Someone"),
                    new MetaValue("genre", FieldType.KEYWORD, "Jazz Rock"),
                    new MetaValue("year", FieldType.NUMBER, 1999.0))),
            new FileRecord("music/plain.txt", new FileStamp(3, 4), "ef".repeat(32)),
            new FileRecord(
                "music/other.mp3",
                new FileStamp(5, 6),
                "",
                "2;x",
                List.of(new MetaValue("recorded", FieldType.DATE, Instant.ofEpochMilli(7)))),
            new FileRecord(
                "docs/note.txt",
                new FileStamp(8, 9),
                "",
                "2;x",
                List.of(new MetaValue("content", FieldType.TEXT, "file 1 of many"))),
            new FileRecord("docs/last.txt", new FileStamp(10, 11), ""));
    Document previous = null;
    for (FileRecord record : records) {
      Document reused = DocumentMapper.toReusedDocument(record);
      if (previous != null) {
        assertSame(previous, reused, "the thread's one document");
      }
      previous = reused;
      assertEquals(describe(DocumentMapper.toDocument(record)), describe(reused), record.path());
    }
  }

  private static String stored(StoredValue value) {
    if (value == null) {
      return "no";
    }
    return switch (value.getType()) {
      case STRING -> "string " + value.getStringValue();
      case LONG -> "long " + value.getLongValue();
      default -> value.getType().name();
    };
  }

  /** Every field in order: name, type, values and, for analysed fields, the tokens. */
  private List<String> describe(Document doc) throws IOException {
    List<String> fields = new ArrayList<>();
    for (IndexableField field : doc) {
      StringBuilder text =
          new StringBuilder(field.name())
              .append(' ')
              .append(field.fieldType())
              .append(" string=")
              .append(field.stringValue())
              .append(" number=")
              .append(field.numericValue())
              .append(" bytes=")
              .append(field.binaryValue())
              .append(" stored=")
              .append(stored(field.storedValue()));
      TokenStream tokens = field.tokenStream(analyzer, null);
      if (tokens != null) {
        try (TokenStream stream = tokens) {
          CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
          PositionIncrementAttribute increment =
              stream.addAttribute(PositionIncrementAttribute.class);
          stream.reset();
          while (stream.incrementToken()) {
            text.append(' ').append(term).append('+').append(increment.getPositionIncrement());
          }
          stream.end();
        }
      }
      fields.add(text.toString());
    }
    return fields;
  }
}
