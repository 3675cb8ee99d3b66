package io.diztl.launcher;

import io.diztl.proto.GrpcWebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
    // neither may the stand-in server, which would otherwise configure logback, putting 600
    // classes into the cache that every client start would load.
    System.setProperty(SLF4J_PROVIDER_PROPERTY, NOP_FallbackServiceProvider.class.getName());
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Path data = Files.createTempDirectory("diztl-aot-training");
    // Over gRPC-Web only, as the short commands call a node: the cache then holds no HTTP/2 stack
    // (Netty), which every client start would load. Downloads and watches load it from the jars.
    GrpcWebServer server =
        GrpcWebServer.start("127.0.0.1", 0, new StandInControl(data).bindService(), List.of());
    try {
      StandInControl.writeControlFile(data, server.port());
      String dir = data.toString();
      Stream.of(
              new String[] {"--version"},
              new String[] {"search", "--type", "nosuch", "x"},
              new String[] {"status", "--data", dir},
              new String[] {"status", "--json", "--data", dir},
              new String[] {"search", "training", "--type", "document", "--data", dir},
              new String[] {"search", "training", "--json", "--data", dir},
              new String[] {"plugins", "--data", dir},
              new String[] {"plugins", "--json", "--data", dir})
          .forEach(AotTraining::run);
    } finally {
      server.close();
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
