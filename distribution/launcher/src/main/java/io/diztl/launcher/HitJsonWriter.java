package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.Snippet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Writes each hit as one JSON object on its own line, with its metadata as a {@code meta} object
 * (field to value text), what matched it as a {@code matched_by} array and its {@code snippets}
 * (each {@code {"field": …, "text": …, "marks": [[start, end], …]}}, offsets in UTF-16 code units
 * of the text). Non-ASCII characters are escaped, so the output is the same whatever the console's
 * encoding.
 */
final class HitJsonWriter implements ResultPrinter {

  private final PrintWriter out;

  HitJsonWriter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void print(NodeResults results) {
    for (SearchHit hit : results.getHitsList()) {
      write(results.getNode(), hit);
    }
    out.flush();
  }

  private void write(NodeInfo node, SearchHit hit) {
    try (JsonGenerator json = JsonOutput.generator(out)) {
      json.writeStartObject();
      json.writeStringField("ref", new FileRef(node.getNodeId(), hit.getFileId()).toString());
      json.writeStringField("node", node.getNodeId());
      json.writeStringField("node_name", node.getName());
      json.writeStringField("name", hit.getName());
      json.writeStringField("path", hit.getPath());
      json.writeNumberField("size", hit.getSize());
      json.writeStringField("type", FileTypes.name(hit.getType()));
      if (hit.getSha256().isEmpty()) {
        json.writeNullField("sha256");
      } else {
        json.writeStringField("sha256", hit.getSha256());
      }
      json.writeStringField("modified", Instant.ofEpochMilli(hit.getModifiedMillis()).toString());
      json.writeObjectFieldStart("meta");
      for (Map.Entry<String, String> value : hit.getMetadataMap().entrySet()) {
        json.writeStringField(value.getKey(), value.getValue());
      }
      json.writeEndObject();
      json.writeArrayFieldStart("matched_by");
      for (String matched : hit.getMatchedByList()) {
        json.writeString(matched);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("snippets");
      for (Snippet snippet : hit.getSnippetsList()) {
        json.writeStartObject();
        json.writeStringField("field", snippet.getField());
        json.writeStringField("text", snippet.getText());
        json.writeArrayFieldStart("marks");
        for (Mark mark : snippet.getMarksList()) {
          json.writeArray(new int[] {mark.getStart(), mark.getEnd()}, 0, 2);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
  }
}
