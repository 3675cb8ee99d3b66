package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.SearchSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes the last line of {@code diztl search --json}: {@code {"summary": {...}}} with the result
 * count, the search's own time and how each node fared, its answer time included ({@code
 * elapsed_ms}, from the tracker sending it the search).
 */
final class SummaryJsonWriter {

  private SummaryJsonWriter() {}

  /**
   * Writes {@code summary} of a search that gave {@code hits} results in {@code elapsedMillis} as
   * one line; a search that ended without a summary writes only the count and time.
   */
  static void write(PrintWriter out, int hits, SearchSummary summary, long elapsedMillis) {
    try (JsonGenerator json = JsonOutput.generator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("summary");
      json.writeNumberField("results", hits);
      json.writeNumberField("elapsed_ms", elapsedMillis);
      if (summary != null) {
        json.writeNumberField("nodes", summary.getNodes());
        json.writeNumberField("answered", summary.getAnswered());
        json.writeNumberField("failed", summary.getFailed());
        json.writeNumberField("timed_out", summary.getTimedOut());
        json.writeNumberField("skipped", summary.getSkipped());
        json.writeNumberField("not_asked", summary.getNotAsked());
        json.writeStringField("note", summary.getNote());
        json.writeArrayFieldStart("outcomes");
        for (NodeOutcome outcome : summary.getOutcomesList()) {
          json.writeStartObject();
          json.writeStringField("node", outcome.getNode().getNodeId());
          json.writeStringField("node_name", outcome.getNode().getName());
          json.writeStringField("state", state(outcome.getState()));
          json.writeNumberField("elapsed_ms", outcome.getElapsedMillis());
          json.writeNumberField("hits", outcome.getHits());
          json.writeStringField("error", outcome.getError());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    out.flush();
  }

  /** {@code answered}, {@code failed}, {@code timed_out}, {@code skipped} or {@code unknown}. */
  private static String state(NodeOutcome.State state) {
    return switch (state) {
      case STATE_ANSWERED, STATE_FAILED, STATE_TIMED_OUT, STATE_SKIPPED ->
          state.name().substring("STATE_".length()).toLowerCase(Locale.ROOT);
      default -> "unknown";
    };
  }
}
