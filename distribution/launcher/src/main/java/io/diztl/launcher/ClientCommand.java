package io.diztl.launcher;

import io.diztl.node.ControlClient;
import io.diztl.node.NodeConfig;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that drives the node running on this machine through its control API. */
abstract class ClientCommand {

  /** The system property {@code conf/logback.xml} reads the level of diztl's own loggers from. */
  static final String LOG_LEVEL_PROPERTY = "diztl.log.level";

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data folder of the node to talk to (default: ~/.diztl).")
  private Path data;

  /**
   * Connects to the node. Logging stays at WARN from here on unless configured otherwise, so that
   * stdout carries only results.
   */
  final ControlClient connect() {
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
    }
    return ControlClient.connect(data != null ? data : NodeConfig.defaultDataDir());
  }

  /**
   * Connects to the node as {@link #connect} does, for a command whose calls go over the gRPC
   * channel (downloads, watches) rather than gRPC-Web.
   */
  final ControlClient connectForStreams() {
    // Netty would bind its loggers to slf4j at its first class, which configures logback (a fifth
    // of a client's start); through java.util.logging, which reaches slf4j too, logback is
    // configured only once something is logged, which a command that succeeds seldom does.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    return connect();
  }
}
