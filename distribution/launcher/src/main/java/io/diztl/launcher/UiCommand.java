package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.ControlClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code diztl ui}: prints a fresh login address of the running node's web UI. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints a fresh address that logs you in to the web UI of the node running here, one per"
          + " running interface; each works once.",
      "Fails when no web UI runs (none installed, or the node runs with --no-ui)."
    })
final class UiCommand extends ClientCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    List<String> links;
    try (ControlClient client = connect()) {
      links = client.uiLinks();
    }
    if (links.isEmpty()) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND,
          "no web UI runs on this node: expected a user interface plugin in its plugins folder and"
              + " the node started without --no-ui");
    }
    PrintWriter out = spec.commandLine().getOut();
    links.forEach(out::println);
    out.flush();
    return 0;
  }
}
