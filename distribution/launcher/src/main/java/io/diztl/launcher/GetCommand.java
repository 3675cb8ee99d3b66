package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.node.ControlClient;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diztl get}: downloads a search result through the local node. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Downloads a search result (or, with --hash, content by its identity) from every node that"
          + " has the same content, checking each piece against the content hash; resumes what"
          + " an earlier attempt kept.",
      "Shows progress on stderr and prints the saved file's path on stdout."
    })
final class GetCommand extends ClientCommand implements Callable<Integer> {

  @ArgGroup(multiplicity = "1")
  private What what;

  /** What to fetch: one search result, or content by its identity. */
  static final class What {
    @Parameters(
        paramLabel = "REF",
        converter = Converters.Ref.class,
        description = "The result to fetch, NODE_ID:FILE_ID, as search prints it.")
    FileRef ref;

    @Option(
        names = "--hash",
        paramLabel = "ID",
        converter = Converters.ContentId.class,
        description =
            "Fetch the content with this identity (the 64-hex sha256 search shows) from every"
                + " live node that has it, without a REF.")
    String hash;

    @Override
    public String toString() {
      return ref != null ? ref.toString() : "content " + hash;
    }
  }

  @Option(
      names = "--to",
      paramLabel = "DIR",
      description = "Folder to save into (default: the node's downloads folder).")
  private Path to;

  @Override
  public Integer call() throws IOException {
    GetRequest.Builder request = GetRequest.newBuilder();
    if (what.ref != null) {
      request.setRef(what.ref.toString());
    } else {
      request.setHash(what.hash);
    }
    if (to != null) {
      Path target = to.toAbsolutePath().normalize();
      Files.createDirectories(target);
      request.setTargetDir(target.toString());
    }
    GetProgress last = null;
    try (ControlClient client = connectForStreams();
        DownloadProgress display =
            DownloadProgress.create(Terminals.interactive(), spec.commandLine().getErr())) {
      Iterator<GetProgress> progress = client.get(request.build());
      while (progress.hasNext() && (last == null || !last.getDone())) {
        last = progress.next();
        display.update(last);
      }
    }
    if (last == null || !last.getDone()) {
      throw new DiztlException("the download of " + what + " ended before the file was complete");
    }
    spec.commandLine().getOut().println(last.getPath());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
