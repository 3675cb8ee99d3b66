package io.diztl.launcher;

import io.diztl.node.ControlClient;
import io.diztl.proto.v1.StatusResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code diztl status}: describes the node running here. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Describes the node running here: its tracker, what it shares and how many peers are"
            + " online.")
final class StatusCommand extends ClientCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    StatusResponse status;
    try (ControlClient client = connect()) {
      status = client.status();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(describe(status));
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
        "files      " + files + " indexed, " + Sizes.format(status.getBytesIndexed()),
        "hashed     " + hashed,
        "peers      "
            + (status.getPeersOnline() < 0 ? "unknown" : status.getPeersOnline() + " online"),
        "share      " + status.getShareDir(),
        "downloads  " + status.getDownloadsDir(),
        "port       " + status.getPort(),
        "");
  }
}
