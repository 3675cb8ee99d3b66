package io.diztl.launcher;

import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerLimits;
import io.diztl.tracker.TrackerServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code diztl tracker}: runs a tracker until stopped. */
@Command(
    name = "tracker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a tracker: the registry of live nodes, which relays each search to all of them.",
      "Files never pass through it. Stops on Ctrl-C or SIGTERM."
    })
final class TrackerCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + TrackerConfig.DEFAULT_PORT,
      converter = Converters.Port.class,
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, all interfaces).")
  private String bind;

  @Option(
      names = "--max-nodes",
      paramLabel = "N",
      defaultValue = "" + TrackerLimits.DEFAULT_MAX_NODES,
      description = "Most nodes registered at once (default: ${DEFAULT-VALUE}).")
  private int maxNodes;

  @Option(
      names = "--max-nodes-per-address",
      paramLabel = "N",
      defaultValue = "" + TrackerLimits.DEFAULT_MAX_NODES_PER_ADDRESS,
      description =
          "Most nodes registered from one IP address, such as one NAT (default: ${DEFAULT-VALUE}).")
  private int maxNodesPerAddress;

  @Override
  public Integer call() throws InterruptedException {
    TrackerServer tracker =
        TrackerServer.start(
            new TrackerConfig(
                bind,
                port,
                TrackerConfig.DEFAULT_NODE_TTL,
                TrackerConfig.DEFAULT_SEARCH_DEADLINE,
                limits()));
    spec.commandLine()
        .getOut()
        .println("diztl tracker listening on " + Converters.address(bind, tracker.port()));
    spec.commandLine().getOut().flush();
    UntilShutdown.await(List.of(tracker));
    return 0;
  }

  private TrackerLimits limits() {
    for (var option :
        List.of(
            Map.entry("--max-nodes", maxNodes),
            Map.entry("--max-nodes-per-address", maxNodesPerAddress))) {
      if (option.getValue() < 1) {
        throw new ParameterException(
            spec.commandLine(),
            option.getKey() + " must be at least 1, found " + option.getValue());
      }
    }
    return new TrackerLimits(
        maxNodes,
        maxNodesPerAddress,
        TrackerLimits.DEFAULT_MAX_SEARCHES_PER_CALLER,
        TrackerLimits.DEFAULT_SLOW_AFTER_TIMEOUTS);
  }
}
