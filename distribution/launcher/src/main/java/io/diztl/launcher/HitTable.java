package io.diztl.launcher;

import io.diztl.node.FileRef;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchHit;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints hits as an aligned table, streamed as nodes answer: columns widen when a later node needs
 * more room. Long names and node names are shortened; the path, last, is always whole. A hit with
 * metadata, or matched by more than its name, gets an indented second line: {@code artist: Miles
 * Davis · album: Kind of Blue · matched: artist}. What other nodes supplied is printed through
 * {@link Printable}.
 */
final class HitTable implements ResultPrinter {

  private static final List<String> HEADER = List.of("REF", "NAME", "SIZE", "TYPE", "NODE", "PATH");
  private static final int MAX_NAME = 40;
  private static final int MAX_NODE = 16;
  private static final int SHORT_ID = 8;
  private static final String SEPARATOR = " \u00b7 ";
  private static final List<String> NAME_ONLY = List.of("name");

  private final PrintWriter out;
  private final int[] widths = new int[HEADER.size() - 1];
  private boolean headerPrinted;

  HitTable(PrintWriter out) {
    this.out = out;
    widen(HEADER);
  }

  @Override
  public void print(NodeResults results) {
    List<List<String>> rows = new ArrayList<>();
    for (SearchHit hit : results.getHitsList()) {
      rows.add(row(results.getNode(), hit));
    }
    rows.forEach(this::widen);
    if (!headerPrinted && !rows.isEmpty()) {
      printRow(HEADER);
      headerPrinted = true;
    }
    for (int i = 0; i < rows.size(); i++) {
      printRow(rows.get(i));
      String details = details(results.getHits(i));
      if (!details.isEmpty()) {
        out.println("  " + details);
      }
    }
    out.flush();
  }

  /** The metadata and what matched, on one line; empty for a hit found by its name alone. */
  static String details(SearchHit hit) {
    List<String> parts = new ArrayList<>();
    hit.getMetadataMap()
        .forEach((field, value) -> parts.add(Printable.of(field) + ": " + Printable.of(value)));
    List<String> matchedBy = hit.getMatchedByList();
    if (!matchedBy.isEmpty() && !matchedBy.equals(NAME_ONLY)) {
      parts.add("matched: " + Printable.of(String.join(", ", matchedBy)));
    }
    return String.join(SEPARATOR, parts);
  }

  private static List<String> row(NodeInfo node, SearchHit hit) {
    String nodeLabel =
        node.getName().isBlank()
            ? shorten(node.getNodeId(), SHORT_ID, "")
            : Printable.of(node.getName());
    return List.of(
        new FileRef(node.getNodeId(), hit.getFileId()).toString(),
        shorten(Printable.of(hit.getName()), MAX_NAME, "..."),
        Sizes.format(hit.getSize()),
        FileTypes.name(hit.getType()),
        shorten(nodeLabel, MAX_NODE, "..."),
        Printable.of(hit.getPath()));
  }

  private void widen(List<String> row) {
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Math.max(widths[i], row.get(i).length());
    }
  }

  private void printRow(List<String> row) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = row.get(i);
      boolean rightAligned = i == 2;
      String padding = " ".repeat(widths[i] - cell.length());
      line.append(rightAligned ? padding + cell : cell + padding).append("  ");
    }
    out.println(line.append(row.getLast()));
  }

  private static String shorten(String text, int max, String ellipsis) {
    return text.length() <= max ? text : text.substring(0, max - ellipsis.length()) + ellipsis;
  }
}
