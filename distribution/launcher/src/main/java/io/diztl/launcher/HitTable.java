package io.diztl.launcher;

import io.diztl.node.FileRef;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.Snippet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints hits as an aligned table, streamed as nodes answer: columns widen when a later node needs
 * more room. Long names and node names are shortened; the path, last, is always whole. A hit with
 * metadata, or matched by more than its name, gets an indented second line: {@code artist: Miles
 * Davis · album: Kind of Blue · matched: artist}. A hit whose text matched gets its best snippet on
 * a third line, {@code content: …the [zebrafish] manifesto…}: the matched words in bold on a
 * terminal, else in brackets. What other nodes supplied is printed through {@link Printable}.
 */
final class HitTable implements ResultPrinter {

  private static final List<String> HEADER = List.of("REF", "NAME", "SIZE", "TYPE", "NODE", "PATH");
  private static final int MAX_NAME = 40;
  private static final int MAX_NODE = 16;
  private static final int SHORT_ID = 8;
  private static final String SEPARATOR = " \u00b7 ";
  private static final List<String> NAME_ONLY = List.of("name");

  private static final String BOLD = "\u001b[1m";
  private static final String NOT_BOLD = "\u001b[22m";

  private final PrintWriter out;
  private final boolean bold;
  private final int[] widths = new int[HEADER.size() - 1];
  private boolean headerPrinted;

  /** A table on {@code out}, marking matched words in bold when {@code bold}, else in brackets. */
  HitTable(PrintWriter out, boolean bold) {
    this.out = out;
    this.bold = bold;
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
      if (results.getHits(i).getSnippetsCount() > 0) {
        out.println("  " + snippet(results.getHits(i).getSnippets(0), bold));
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

  /**
   * A snippet on one line, {@code field: text}, its marked words in bold ({@code bold}) or in
   * brackets; the text escaped as {@link Printable} does, marks that do not fit the text ignored.
   */
  static String snippet(Snippet snippet, boolean bold) {
    String text = snippet.getText();
    StringBuilder line = new StringBuilder(Printable.of(snippet.getField())).append(": ");
    int at = 0;
    for (Mark mark : snippet.getMarksList()) {
      if (mark.getStart() < at
          || mark.getEnd() <= mark.getStart()
          || mark.getEnd() > text.length()) {
        continue;
      }
      line.append(Printable.of(text.substring(at, mark.getStart())))
          .append(bold ? BOLD : "[")
          .append(Printable.of(text.substring(mark.getStart(), mark.getEnd())))
          .append(bold ? NOT_BOLD : "]");
      at = mark.getEnd();
    }
    return line.append(Printable.of(text.substring(at))).toString();
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
