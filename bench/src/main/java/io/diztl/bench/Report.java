package io.diztl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects rows and notes and writes them as a Markdown fragment. */
final class Report {

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
    write();
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  synchronized void failed(String phase, Exception e) {
    failures.add(phase + ": " + e);
  }

  synchronized boolean hasFailures() {
    return !failures.isEmpty();
  }

  private Path out;

  /** Writes the fragment to {@code file} now and after every row from now on. */
  synchronized void writeTo(Path file) {
    this.out = file;
    write();
  }

  synchronized String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        "| figure | diztl: median (range) | reference in the same run: median (range) | ratio"
            + " | target | met |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      String unit = " " + row.unit();
      String ours = Stats.summary(row.diztl(), row.decimals()) + unit;
      String theirs =
          row.reference().isEmpty()
              ? "—"
              : row.referenceSamples().isEmpty()
                  ? row.reference()
                  : row.reference()
                      + ": "
                      + Stats.summary(row.referenceSamples(), row.decimals())
                      + unit;
      double ratio = row.ratio();
      String ratioText = Double.isNaN(ratio) ? "—" : Stats.format(ratio, 2) + "x";
      md.append("| ")
          .append(row.figure())
          .append(" | ")
          .append(ours)
          .append(" | ")
          .append(theirs)
          .append(" | ")
          .append(ratioText)
          .append(" | ")
          .append(row.target())
          .append(" | ")
          .append(row.met())
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      md.append("\nHow each figure was taken:\n\n");
      notes.forEach(note -> md.append("- ").append(note).append('\n'));
    }
    if (!failures.isEmpty()) {
      md.append("\nFailed phases:\n\n");
      failures.forEach(failure -> md.append("- ").append(failure).append('\n'));
    }
    return md.toString();
  }

  private void write() {
    if (out == null) {
      return;
    }
    try {
      Files.writeString(out, markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("bench: cannot write " + out + ": " + e);
    }
  }
}
