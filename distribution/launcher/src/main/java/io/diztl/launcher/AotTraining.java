package io.diztl.launcher;

import io.diztl.proto.Transport;
import io.grpc.Server;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
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
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.helpers.NOP_FallbackServiceProvider;
import picocli.CommandLine;

/**
 * The workload that {@code bin/diztl} records the client commands' ahead-of-time cache from (Java
 * 25's {@code -XX:AOTCacheOutput}): runs each client command in this JVM against a {@link
 * StandInControl} on 127.0.0.1, output discarded, so that the cache holds what a command loads and
 * links before its first answer. Failures are ignored: a poorer cache is only slower.
 */
public final class AotTraining {

  /** The system property that names slf4j's provider instead of the one found on the class path. */
  static final String SLF4J_PROVIDER_PROPERTY = "slf4j.provider";

  private AotTraining() {}

  /** Runs the workload; {@code args} are ignored. */
  public static void main(String[] args) throws IOException {
    // A client command configures no logging unless something is logged (see ClientCommand):
    // neither may the stand-in server, whose Netty would otherwise bind to slf4j and configure
    // logback, putting 600 classes into the cache that every client start would load.
    System.setProperty(SLF4J_PROVIDER_PROPERTY, NOP_FallbackServiceProvider.class.getName());
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
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
