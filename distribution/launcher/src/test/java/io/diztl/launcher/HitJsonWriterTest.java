package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.Snippet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HitJsonWriterTest {

  private static final NodeInfo NODE =
      NodeInfo.newBuilder()
          .setNodeId("synw3u7n4pfy5s5kzpli3ycazub")
          .setName("laptop")
          .setHost("10.0.0.2")
          .setPort(7401)
          .build();

  private static final SearchHit PHOTO =
      SearchHit.newBuilder()
          .setFileId("fedcba9876543210")
          .setName("Holiday_Photo-2019.jpg")
          .setPath("photos/Holiday_Photo-2019.jpg")
          .setSize(3_145_728)
          .setType(FileType.FILE_TYPE_IMAGE)
          .setSha256("ab".repeat(32))
          .setModifiedMillis(1_700_000_000_123L)
          .setScore(2.5f)
          .build();

  private static String write(SearchHit... hits) {
    StringWriter text = new StringWriter();
    new HitJsonWriter(new PrintWriter(text))
        .print(NodeResults.newBuilder().setNode(NODE).addAllHits(List.of(hits)).build());
    return text.toString();
  }

  @Test
  void writesOneObjectPerHitAndLine() {
    assertEquals(
        "{\"ref\":\"synw3u7n4pfy5s5kzpli3ycazub:fedcba9876543210\",\"node\":\"synw3u7n4pfy5s5kzpli3ycazub\","
            + "\"node_name\":\"laptop\",\"name\":\"Holiday_Photo-2019.jpg\","
            + "\"path\":\"photos/Holiday_Photo-2019.jpg\",\"size\":3145728,"
            + "\"type\":\"image\",\"sha256\":\""
            + "ab".repeat(32)
            + "\",\"modified\":\"2023-11-14T22:13:20.123Z\",\"meta\":{},\"matched_by\":[],"
            + "\"snippets\":[]}\n",
        write(PHOTO));
  }

  @Test
  void addsTheMetadataAndWhatMatched() throws IOException {
    SearchHit song =
        PHOTO.toBuilder()
            .setName("so_what.mp3")
            .putMetadata("artist", "Miles Davis")
            .putMetadata("album", "Kind of Blue")
            .putMetadata("year", "1959")
            .addMatchedBy("artist")
            .addMatchedBy("year")
            .build();

    String line = write(song);

    assertEquals(
        true,
        line.endsWith(
            ",\"meta\":{\"artist\":\"Miles Davis\",\"album\":\"Kind of Blue\",\"year\":\"1959\"},"
                + "\"matched_by\":[\"artist\",\"year\"],\"snippets\":[]}\n"),
        line);
    Map<String, Object> parsed = parse(line.strip());
    assertEquals("so_what.mp3", parsed.get("name"));
    assertEquals(
        List.of("artist", "Miles Davis", "album", "Kind of Blue", "year", "1959"),
        parsed.get("meta"));
    assertEquals(List.of("artist", "year"), parsed.get("matched_by"));
  }

  @Test
  void addsTheSnippetsWithTheirMarks() {
    SearchHit report =
        PHOTO.toBuilder()
            .addMatchedBy("content")
            .addSnippets(
                Snippet.newBuilder()
                    .setField("content")
                    .setText("the zebrafish manifesto")
                    .addMarks(Mark.newBuilder().setStart(4).setEnd(13)))
            .build();

    String line = write(report);

    assertEquals(
        true,
        line.endsWith(
            "\"snippets\":[{\"field\":\"content\",\"text\":\"the zebrafish manifesto\","
                + "\"marks\":[[4,13]]}]}\n"),
        line);
  }

  @Test
  void escapesSoThatEveryLineParsesBack() throws IOException {
    SearchHit odd =
        PHOTO.toBuilder()
            .setName("Ca\"fé\n\u2603.txt")
            .setPath("dir\\sub/Ca\"fé\n\u2603.txt")
            .setType(FileType.FILE_TYPE_DOCUMENT)
            .setSha256("")
            .build();
    String text = write(PHOTO, odd);
    String[] lines = text.split("\n");
    assertEquals(2, lines.length);
    Map<String, Object> second = parse(lines[1]);
    assertEquals("Ca\"fé\n\u2603.txt", second.get("name"));
    assertEquals("dir\\sub/Ca\"fé\n\u2603.txt", second.get("path"));
    assertEquals("document", second.get("type"));
    assertEquals(3_145_728L, second.get("size"));
    assertNull(second.get("sha256"));
    assertEquals(true, second.containsKey("sha256"));
    assertEquals(text.chars().allMatch(c -> c < 128), true, "non-ASCII is escaped");
  }

  /** The texts of a flat object (field names and values, alternating) or array, in order. */
  private static List<String> texts(JsonParser parser, JsonToken end) throws IOException {
    List<String> texts = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != end; token = parser.nextToken()) {
      texts.add(token == JsonToken.FIELD_NAME ? parser.currentName() : parser.getText());
    }
    return texts;
  }

  private static Map<String, Object> parse(String line) throws IOException {
    Map<String, Object> fields = new HashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(line)) {
      assertEquals(JsonToken.START_OBJECT, parser.nextToken());
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        fields.put(
            name,
            switch (value) {
              case VALUE_STRING -> parser.getText();
              case VALUE_NUMBER_INT -> parser.getLongValue();
              case VALUE_NULL -> null;
              case START_OBJECT -> texts(parser, JsonToken.END_OBJECT);
              case START_ARRAY -> texts(parser, JsonToken.END_ARRAY);
              default -> throw new AssertionError("unexpected " + value);
            });
      }
      assertNull(parser.nextToken());
    }
    return fields;
  }
}
