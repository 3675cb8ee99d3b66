package io.diztl.launcher;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code diztl} command. */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its status: 0 done, 1 failed, 2 wrong usage. */
  public static void main(String[] args) {
    // gRPC and Lucene log through java.util.logging: send it to slf4j, configured by
    // conf/logback.xml.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  /** The whole command tree, with diztl's one-line error reporting. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DiztlCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setDefaultValueProvider(ConfiguredDefaults.ofDistribution());
    Errors errors = new Errors();
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    return cli;
  }
}
