package io.diztl.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code diztl} command: only chooses a subcommand (see {@link Subcommands}). */
@Command(
    name = "diztl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Peer-to-peer file discovery and sharing.")
final class DiztlCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean verbose;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: expected one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
