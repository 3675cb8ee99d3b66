package io.diztl.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the shell completion script of {@code diztl} for bash and zsh (picocli's, from the command
 * tree itself); the distribution's build runs it into {@code bin/diztl-completion.bash}.
 */
public final class CompletionScript {

  private CompletionScript() {}

  /** Writes the script to the file {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CompletionScript FILE");
    }
    Path file = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, AutoComplete.bash("diztl", Main.commandLine()), StandardCharsets.UTF_8);
  }
}
