package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.proto.NetworkKey;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code diztl key}: makes the network key of a closed network. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Makes the network key of a closed network: a tracker started with --network-key-file FILE"
          + " admits only nodes started with the same key file."
    },
    subcommands = KeyCommand.New.class)
final class KeyCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: expected new");
  }

  /** {@code diztl key new FILE}: writes a new random key, readable by the owner only. */
  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Writes a new random network key (256 bits) to FILE, readable by you only; an existing"
            + " file is never replaced.",
        "Copy it to every node of the network, over a channel you trust."
      })
  static final class New implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Where to write the key.")
    private Path file;

    @Override
    public Integer call() {
      try {
        NetworkKey.generate().write(file);
      } catch (UncheckedIOException e) {
        throw new DiztlException(e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("wrote a new network key to " + file + " (readable by you only)");
      out.println("  tracker    diztl tracker --network-key-file " + file);
      out.println(
          "  nodes      diztl node --tracker HOST:PORT#FINGERPRINT --network-key-file FILE");
      out.flush();
      return 0;
    }
  }
}
