package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import io.diztl.node.ControlClient;
import io.diztl.proto.v1.SearchMode;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.StatusResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diztl status}: describes the node running here. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Describes the node running here: its tracker, what it shares and how many peers are"
            + " online.")
final class StatusCommand extends ClientCommand implements Callable<Integer> {

  @Option(
      names = "--json",
      description =
          "Print one JSON object: node, tracker, tracker_connected, embedded_tracker,"
              + " files_indexed, bytes_indexed, files_hashed, files_awaiting_metadata, scanning,"
              + " files_scanned, peers_online (null when unknown), share, downloads, port,"
              + " search_mode (\"routed\" or \"broadcast\"; null when unknown), route_above"
              + " (null when unknown).")
  private boolean json;

  @Override
  public Integer call() {
    StatusResponse status;
    try (ControlClient client = connect()) {
      status = client.status();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      writeJson(status, out);
      out.println();
    } else {
      out.print(describe(status));
    }
    out.flush();
    return 0;
  }

  /** The status as aligned lines, one per property. */
  static String describe(StatusResponse status) {
    long files = status.getFilesIndexed();
    String hashed =
        status.getFilesHashed()
            + " of "
            + files
            + (files == 0 ? "" : " (" + status.getFilesHashed() * 100 / files + "%)");
    return String.join(
        System.lineSeparator(),
        "node       " + status.getNodeId(),
        "tracker    "
            + status.getTracker()
            + (status.getTrackerConnected() ? ", connected" : ", not connected")
            + (status.getEmbeddedTracker() ? ", embedded (run by this node)" : ""),
        "files      "
            + files
            + " indexed, "
            + Sizes.format(status.getBytesIndexed())
            + (status.getScanning()
                ? ", scanning the share: " + status.getFilesScanned() + " files seen so far"
                : ""),
        "hashed     " + hashed,
        "metadata   "
            + (status.getFilesAwaitingMetadata() == 0
                ? "extracted"
                : status.getFilesAwaitingMetadata() + " files waiting for extraction"),
        "peers      "
            + (status.getPeersOnline() < 0 ? "unknown" : status.getPeersOnline() + " online"),
        "searches   " + describeSearches(status),
        "share      " + status.getShareDir(),
        "downloads  " + status.getDownloadsDir(),
        "port       " + status.getPort(),
        "");
  }

  /**
   * How the tracker sends searches, such as "sent to every node (12 nodes live, routing from 50)".
   */
  private static String describeSearches(StatusResponse status) {
    if (!status.getTrackerConnected()) {
      return "unknown (tracker not connected)";
    }
    String mode = searchMode(status);
    if (mode == null) {
      return "unknown (the tracker does not tell: older than 0.3)";
    }
    SearchRouting routing = status.getTrackerSearchRouting();
    return String.format(
        Locale.ROOT,
        "%s (%,d %s live, routing from %,d)",
        mode.equals(ROUTED) ? "routed by share summaries" : "sent to every node",
        routing.getLiveNodes(),
        routing.getLiveNodes() == 1 ? "node" : "nodes",
        routing.getRouteAbove());
  }

  private static final String ROUTED = "routed";

  /** "routed" or "broadcast" as the tracker told, or null when it did not. */
  private static String searchMode(StatusResponse status) {
    SearchMode mode = status.getTrackerSearchRouting().getMode();
    return switch (mode) {
      case SEARCH_MODE_ROUTED -> ROUTED;
      case SEARCH_MODE_BROADCAST -> "broadcast";
      case SEARCH_MODE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  /** The status as one JSON object, with the fields of {@link #describe} apart. */
  static void writeJson(StatusResponse status, Writer out) {
    try (JsonGenerator json = JsonOutput.generator(out)) {
      json.writeStartObject();
      json.writeStringField("node", status.getNodeId());
      json.writeStringField("tracker", status.getTracker());
      json.writeBooleanField("tracker_connected", status.getTrackerConnected());
      json.writeBooleanField("embedded_tracker", status.getEmbeddedTracker());
      json.writeNumberField("files_indexed", status.getFilesIndexed());
      json.writeNumberField("bytes_indexed", status.getBytesIndexed());
      json.writeNumberField("files_hashed", status.getFilesHashed());
      json.writeNumberField("files_awaiting_metadata", status.getFilesAwaitingMetadata());
      json.writeBooleanField("scanning", status.getScanning());
      json.writeNumberField("files_scanned", status.getFilesScanned());
      if (status.getPeersOnline() < 0) {
        json.writeNullField("peers_online");
      } else {
        json.writeNumberField("peers_online", status.getPeersOnline());
      }
      json.writeStringField("share", status.getShareDir());
      json.writeStringField("downloads", status.getDownloadsDir());
      json.writeNumberField("port", status.getPort());
      String mode = status.getTrackerConnected() ? searchMode(status) : null;
      if (mode == null) {
        json.writeNullField("search_mode");
        json.writeNullField("route_above");
      } else {
        json.writeStringField("search_mode", mode);
        json.writeNumberField("route_above", status.getTrackerSearchRouting().getRouteAbove());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
