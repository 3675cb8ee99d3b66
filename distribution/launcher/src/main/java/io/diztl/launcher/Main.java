package io.diztl.launcher;

import java.io.PrintStream;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code diztl} command. */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its status: 0 done, 1 failed, 2 wrong usage. */
  public static void main(String[] args) {
    List<String> subcommands = Subcommands.neededBy(List.of(args));
    if (subcommands.isEmpty()) {
      // The version alone, as picocli prints it, without loading picocli (a third of the start).
      // No System.exit: it logs through System.Logger, whose lookup opens every jar on the class
      // path (a third of what remains); no thread is left that would keep the JVM alive.
      printVersion(System.out);
      return;
    }
    // gRPC and Lucene log through java.util.logging: send it to slf4j, configured by
    // conf/logback.xml.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine(subcommands).execute(args));
  }

  /** Prints what {@code diztl --version} prints. */
  static void printVersion(PrintStream out) {
    for (String line : new VersionProvider().getVersion()) {
      out.println(line);
    }
    out.flush();
  }

  /** The whole command tree, with diztl's one-line error reporting. */
  static CommandLine commandLine() {
    return commandLine(Subcommands.NAMES);
  }

  /** The part of the command tree that running {@code args} needs (see {@link Subcommands}). */
  static CommandLine commandLine(String... args) {
    return commandLine(Subcommands.neededBy(List.of(args)));
  }

  private static CommandLine commandLine(List<String> subcommands) {
    CommandLine cli = new CommandLine(new DiztlCommand());
    subcommands.forEach(name -> cli.addSubcommand(name, Subcommands.create(name)));
    cli.setDefaultValueProvider(ConfiguredDefaults.ofDistribution());
    Errors errors = new Errors();
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    return cli;
  }
}
