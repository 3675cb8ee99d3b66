package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.metrics.MetricsServer;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of the commands that run services, {@code node} and {@code tracker}, for their {@code
 * GET /metrics} listener: off unless {@code --metrics-port} is given (on the command line or as
 * {@code metrics-port} in {@code conf/diztl.properties}), on loopback unless {@code --metrics-bind}
 * says otherwise.
 */
final class MetricsOptions {

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = {
        "Serve GET /metrics in the Prometheus text format on this port, 0 for a free one"
            + " (default: no metrics listener; "
            + MetricsServer.DEFAULT_PORT
            + " is the usual port)."
      })
  private Integer port;

  @Option(
      names = "--metrics-bind",
      paramLabel = "HOST",
      defaultValue = MetricsServer.DEFAULT_BIND,
      description =
          "Address the metrics listener listens on (default: ${DEFAULT-VALUE}, this machine"
              + " only).")
  private String bind;

  /**
   * The listener these options ask for, started; empty when they ask for none.
   *
   * @throws ParameterException for {@code --metrics-bind} without a port
   * @throws DiztlException when it cannot listen there
   */
  Optional<MetricsServer> start(CommandSpec spec) {
    if (port == null) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--metrics-bind")) {
        throw new ParameterException(
            spec.commandLine(), "--metrics-bind needs --metrics-port, which turns metrics on");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(MetricsServer.start(bind, port));
    } catch (UncheckedIOException e) {
      throw new DiztlException(e.getMessage(), e);
    }
  }
}
