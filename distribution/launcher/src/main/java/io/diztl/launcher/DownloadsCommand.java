package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import io.diztl.node.ControlClient;
import io.diztl.proto.v1.DownloadEntry;
import io.diztl.proto.v1.DownloadSourceEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diztl downloads}: lists the node's download queue; pauses, resumes and cancels. */
@Command(
    name = "downloads",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Lists the node's downloads, newest first: id, state, progress, speed, time left and the"
          + " number of nodes each fetches from, then one indented line per such node: its name"
          + " and id, the bytes received from it, and whether it was struck (sent bad pieces) or"
          + " dropped.",
      "The queue survives restarts of the node."
    },
    subcommands = {
      DownloadsCommand.Pause.class,
      DownloadsCommand.Resume.class,
      DownloadsCommand.Cancel.class
    })
final class DownloadsCommand extends ClientCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print one JSON object a line per download.")
  private boolean json;

  @Override
  public Integer call() {
    List<DownloadEntry> downloads;
    try (ControlClient client = connect()) {
      downloads = client.listDownloads().getDownloadsList();
    }
    PrintWriter out = spec.commandLine().getOut();
    print(downloads, json, out);
    out.flush();
    return 0;
  }

  /**
   * The downloads a line each (JSON objects with {@code json}); as text, an empty list says so,
   * while JSON prints no line for it.
   */
  static void print(List<DownloadEntry> downloads, boolean json, PrintWriter out) {
    if (downloads.isEmpty() && !json) {
      out.println("No downloads.");
    }
    for (DownloadEntry entry : downloads) {
      out.println(json ? toJson(entry) : describe(entry));
    }
  }

  /**
   * One line (id, state, progress, speed, time left, sources, name and error), then one indented
   * line per source node.
   */
  static String describe(DownloadEntry entry) {
    StringBuilder text = new StringBuilder(summary(entry));
    for (DownloadSourceEntry source : entry.getSourceNodesList()) {
      text.append(System.lineSeparator()).append(describe(source));
    }
    return text.toString();
  }

  /** One source node: " from NAME (ID) BYTES", then its state and strikes when it has any. */
  static String describe(DownloadSourceEntry source) {
    StringBuilder line = new StringBuilder("    from ");
    if (source.getNodeName().isEmpty()) {
      line.append(source.getNodeId());
    } else {
      line.append(source.getNodeName()).append(" (").append(source.getNodeId()).append(')');
    }
    line.append("  ").append(Sizes.format(source.getBytes()));
    if (!source.getState().isEmpty()) {
      line.append("  ").append(source.getState());
    }
    if (source.getStrikes() > 0) {
      line.append(source.getState().isEmpty() ? "  " : ", ")
          .append(source.getStrikes())
          .append(source.getStrikes() == 1 ? " bad piece" : " bad pieces");
    }
    return line.toString();
  }

  private static String summary(DownloadEntry entry) {
    StringBuilder line = new StringBuilder();
    line.append(entry.getId()).append("  ").append(String.format("%-9s", entry.getState()));
    line.append("  ")
        .append(Sizes.format(entry.getReceived()))
        .append(" of ")
        .append(entry.getTotal() > 0 ? Sizes.format(entry.getTotal()) : "?");
    if (entry.getTotal() > 0) {
      line.append(" (").append(entry.getReceived() * 100 / entry.getTotal()).append("%)");
    }
    if (entry.getBytesPerSecond() > 0) {
      line.append("  ").append(Sizes.format(entry.getBytesPerSecond())).append("/s");
    }
    if (entry.getEtaSeconds() >= 0) {
      line.append("  ").append(eta(entry.getEtaSeconds())).append(" left");
    }
    if (entry.getSources() > 0) {
      line.append("  ")
          .append(entry.getSources())
          .append(entry.getSources() == 1 ? " source" : " sources");
    }
    line.append("  ").append(entry.getName().isEmpty() ? entry.getRef() : entry.getName());
    if (!entry.getError().isEmpty()) {
      line.append("  (").append(entry.getError()).append(')');
    }
    return line.toString();
  }

  private static String eta(long seconds) {
    return seconds >= 3600
        ? seconds / 3600 + "h" + (seconds % 3600) / 60 + "m"
        : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
  }

  static String toJson(DownloadEntry entry) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JsonOutput.generator(text)) {
      json.writeStartObject();
      json.writeStringField("id", entry.getId());
      json.writeStringField("ref", entry.getRef());
      json.writeStringField("name", entry.getName());
      json.writeStringField("state", entry.getState());
      json.writeNumberField("received", entry.getReceived());
      json.writeNumberField("total", entry.getTotal());
      json.writeNumberField("bytes_per_second", entry.getBytesPerSecond());
      json.writeNumberField("eta_seconds", entry.getEtaSeconds());
      json.writeNumberField("sources", entry.getSources());
      json.writeStringField("source_node_id", entry.getSourceNodeId());
      json.writeStringField("source_node_name", entry.getSourceNodeName());
      json.writeStringField("final_path", entry.getFinalPath());
      json.writeStringField("sha256", entry.getSha256());
      json.writeStringField("error", entry.getError());
      json.writeArrayFieldStart("source_nodes");
      for (DownloadSourceEntry source : entry.getSourceNodesList()) {
        json.writeStartObject();
        json.writeStringField("node_id", source.getNodeId());
        json.writeStringField("node_name", source.getNodeName());
        json.writeNumberField("bytes", source.getBytes());
        json.writeStringField("state", source.getState());
        json.writeNumberField("strikes", source.getStrikes());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** A command on one download, by id. */
  abstract static class OnOne extends ClientCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The download's id, as diztl downloads lists it.")
    String id;

    @Override
    public Integer call() {
      String done;
      try (ControlClient client = connect()) {
        done = apply(client);
      }
      spec.commandLine().getOut().println(done);
      spec.commandLine().getOut().flush();
      return 0;
    }

    /** Does it; returns the line to print. */
    abstract String apply(ControlClient client);
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Pauses a download, keeping what was received; it stays paused until resumed.")
  static final class Pause extends OnOne {
    @Override
    String apply(ControlClient client) {
      return describe(client.pauseDownload(id));
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Queues a paused, failed or cancelled download again, resuming what it kept.")
  static final class Resume extends OnOne {
    @Override
    String apply(ControlClient client) {
      return describe(client.resumeDownload(id));
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Cancels a download (what was received is kept), or forgets an ended one.")
  static final class Cancel extends OnOne {
    @Override
    String apply(ControlClient client) {
      client.cancelDownload(id);
      return "cancelled " + id;
    }
  }
}
