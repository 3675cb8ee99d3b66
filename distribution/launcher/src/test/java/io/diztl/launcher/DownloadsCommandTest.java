package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.DownloadEntry;
import io.diztl.proto.v1.DownloadSourceEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadsCommandTest {

  private static final DownloadEntry RUNNING =
      DownloadEntry.newBuilder()
          .setId("0123456789ab")
          .setRef("aaaaaaaaaaaaaaaaaaaaaaaaaaa:7")
          .setName("film.mkv")
          .setState("running")
          .setReceived(512L << 20)
          .setTotal(2048L << 20)
          .setBytesPerSecond(16L << 20)
          .setEtaSeconds(96)
          .setSources(3)
          .build();

  @Test
  void aLineTellsStateProgressSpeedTimeLeftAndSources() {
    assertEquals(
        "0123456789ab  running    "
            + Sizes.format(512L << 20)
            + " of "
            + Sizes.format(2048L << 20)
            + " (25%)  "
            + Sizes.format(16L << 20)
            + "/s  1m36s left  3 sources  film.mkv",
        DownloadsCommand.describe(RUNNING));
  }

  @Test
  void aFailedOneWithoutASizeShowsItsRefAndWhy() {
    DownloadEntry failed =
        DownloadEntry.newBuilder()
            .setId("ba9876543210")
            .setRef("aaaaaaaaaaaaaaaaaaaaaaaaaaa:8")
            .setState("failed")
            .setEtaSeconds(-1)
            .setError("peer gone")
            .build();

    assertEquals(
        "ba9876543210  failed     0 B of ?  aaaaaaaaaaaaaaaaaaaaaaaaaaa:8  (peer gone)",
        DownloadsCommand.describe(failed));
  }

  @Test
  void jsonHasEveryField() {
    assertEquals(
        "{\"id\":\"0123456789ab\",\"ref\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaa:7\",\"name\":\"film.mkv\","
            + "\"state\":\"running\",\"received\":536870912,\"total\":2147483648,"
            + "\"bytes_per_second\":16777216,\"eta_seconds\":96,\"sources\":3,"
            + "\"source_node_id\":\"\",\"source_node_name\":\"\",\"final_path\":\"\","
            + "\"sha256\":\"\",\"error\":\"\",\"source_nodes\":[]}",
        DownloadsCommand.toJson(RUNNING));
  }

  private static final DownloadEntry FROM_THREE =
      RUNNING.toBuilder()
          .addSourceNodes(
              DownloadSourceEntry.newBuilder()
                  .setNodeId("aaaaaaaaaaaaaaaaaaaaaaaaaaa")
                  .setNodeName("alice")
                  .setBytes(300L << 20))
          .addSourceNodes(
              DownloadSourceEntry.newBuilder()
                  .setNodeId("bbbbbbbbbbbbbbbbbbbbbbbbbbb")
                  .setBytes(212L << 20)
                  .setState("struck")
                  .setStrikes(1))
          .addSourceNodes(
              DownloadSourceEntry.newBuilder()
                  .setNodeId("ccccccccccccccccccccccccccc")
                  .setNodeName("carol")
                  .setState("dropped")
                  .setStrikes(3))
          .build();

  @Test
  void eachSourceNodeGetsALineWithItsBytesAndState() {
    String[] lines = DownloadsCommand.describe(FROM_THREE).split(System.lineSeparator());

    assertEquals(4, lines.length);
    assertEquals(DownloadsCommand.describe(RUNNING), lines[0]);
    assertEquals(
        "    from alice (aaaaaaaaaaaaaaaaaaaaaaaaaaa)  " + Sizes.format(300L << 20), lines[1]);
    assertEquals(
        "    from bbbbbbbbbbbbbbbbbbbbbbbbbbb  "
            + Sizes.format(212L << 20)
            + "  struck, 1 bad piece",
        lines[2]);
    assertEquals(
        "    from carol (ccccccccccccccccccccccccccc)  0 B  dropped, 3 bad pieces", lines[3]);
  }

  @Test
  void jsonListsEachSourceNode() {
    String json = DownloadsCommand.toJson(FROM_THREE);

    assertTrue(
        json.endsWith(
            "\"source_nodes\":[{\"node_id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"node_name\":\"alice\","
                + "\"bytes\":314572800,\"state\":\"\",\"strikes\":0},"
                + "{\"node_id\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"node_name\":\"\","
                + "\"bytes\":222298112,\"state\":\"struck\",\"strikes\":1},"
                + "{\"node_id\":\"ccccccccccccccccccccccccccc\",\"node_name\":\"carol\","
                + "\"bytes\":0,\"state\":\"dropped\",\"strikes\":3}]}"),
        json);
  }

  @Test
  void anEmptyListSaysSoAsTextAndPrintsNothingAsJson() {
    StringWriter text = new StringWriter();
    DownloadsCommand.print(List.of(), false, new PrintWriter(text));
    assertEquals("No downloads." + System.lineSeparator(), text.toString());
    StringWriter json = new StringWriter();
    DownloadsCommand.print(List.of(), true, new PrintWriter(json));
    assertEquals("", json.toString());
  }
}
