package io.diztl.launcher;

import io.diztl.proto.Transport;
import io.grpc.Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The workload that {@code bin/diztl} records the client commands' ahead-of-time cache from (Java
 * 25's {@code -XX:AOTCacheOutput}): runs each client command in this JVM against a {@link
 * StandInControl} on 127.0.0.1, output discarded, so that the cache holds what a command loads and
 * links before its first answer. Failures are ignored: a poorer cache is only slower.
 */
public final class AotTraining {

  private AotTraining() {}

  /** Runs the workload; {@code args} are ignored. */
  public static void main(String[] args) throws IOException {
    Path data = Files.createTempDirectory("diztl-aot-training");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    Server server =
        Transport.plaintext()
            .startServer(
                "127.0.0.1",
                0,
                executor,
                List.of(new StandInControl(data).bindService()),
                List.of());
    try {
      StandInControl.writeControlFile(data, server.getPort());
      String dir = data.toString();
      Stream.of(
              new String[] {"--version"},
              new String[] {"search", "--type", "nosuch", "x"},
              new String[] {"status", "--data", dir},
              new String[] {"status", "--json", "--data", dir},
              new String[] {"search", "training", "--type", "document", "--data", dir},
              new String[] {"search", "training", "--json", "--data", dir},
              new String[] {"plugins", "--data", dir},
              new String[] {"plugins", "--json", "--data", dir},
              new String[] {"get", StandInControl.REF, "--to", dir, "--data", dir})
          .forEach(AotTraining::run);
    } finally {
      Transport.close(server);
      executor.shutdownNow();
      deleteTree(data);
    }
  }

  private static void run(String... args) {
    CommandLine cli = Main.commandLine(args);
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    cli.setOut(nowhere);
    cli.setErr(nowhere);
    cli.execute(args);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(AotTraining::delete);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
