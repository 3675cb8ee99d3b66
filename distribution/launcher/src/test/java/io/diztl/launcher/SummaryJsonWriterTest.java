package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.SearchSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SummaryJsonWriterTest {

  private static String write(int hits, SearchSummary summary, long elapsed) {
    StringWriter text = new StringWriter();
    SummaryJsonWriter.write(new PrintWriter(text), hits, summary, elapsed);
    return text.toString();
  }

  private static NodeInfo node(String id, String name) {
    return NodeInfo.newBuilder().setNodeId(id).setName(name).build();
  }

  @Test
  void writesEachNodesAnswerTimeOnOneLine() {
    SearchSummary summary =
        SearchSummary.newBuilder()
            .setNodes(3)
            .setAnswered(1)
            .setFailed(1)
            .setTimedOut(1)
            .setNotAsked(4)
            .addOutcomes(
                NodeOutcome.newBuilder()
                    .setNode(node("synw3u7n4pfy5s5kzpli3ycazub", "laptop"))
                    .setState(NodeOutcome.State.STATE_ANSWERED)
                    .setElapsedMillis(12)
                    .setHits(2))
            .addOutcomes(
                NodeOutcome.newBuilder()
                    .setNode(node("aaaaaaaaaaaaaaaaaaaaaaaaaaa", "caf\u00e9"))
                    .setState(NodeOutcome.State.STATE_FAILED)
                    .setElapsedMillis(3)
                    .setError("UNAVAILABLE: \"gone\""))
            .addOutcomes(
                NodeOutcome.newBuilder()
                    .setNode(node("bbbbbbbbbbbbbbbbbbbbbbbbbbb", "nas"))
                    .setState(NodeOutcome.State.STATE_TIMED_OUT)
                    .setElapsedMillis(5000))
            .build();
    assertEquals(
        "{\"summary\":{\"results\":2,\"elapsed_ms\":5012,\"nodes\":3,\"answered\":1,"
            + "\"failed\":1,\"timed_out\":1,\"skipped\":0,\"not_asked\":4,\"note\":\"\",\"outcomes\":["
            + "{\"node\":\"synw3u7n4pfy5s5kzpli3ycazub\",\"node_name\":\"laptop\","
            + "\"state\":\"answered\",\"elapsed_ms\":12,\"hits\":2,\"error\":\"\"},"
            + "{\"node\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"node_name\":\"caf\\u00E9\","
            + "\"state\":\"failed\",\"elapsed_ms\":3,\"hits\":0,"
            + "\"error\":\"UNAVAILABLE: \\\"gone\\\"\"},"
            + "{\"node\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"node_name\":\"nas\","
            + "\"state\":\"timed_out\",\"elapsed_ms\":5000,\"hits\":0,\"error\":\"\"}]}}\n",
        write(2, summary, 5012));
  }

  @Test
  void aSearchWithoutSummaryGivesItsCountAndTime() {
    assertEquals("{\"summary\":{\"results\":0,\"elapsed_ms\":7}}\n", write(0, null, 7));
  }
}
