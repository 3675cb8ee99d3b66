package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.diztl.index.MerkleHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the assembled distribution's {@code bin/diztl} as a user would, in separate processes with
 * {@code HOME} and the working folder in a test's temporary folder. Every process's output is kept
 * in {@code logs/} there, and the end of each log is shown when something fails.
 */
final class DiztlProcesses implements AutoCloseable {

  /** The distribution under test: {@code target/diztl}, or the {@code diztl.dist} property. */
  static final Path HOME =
      Path.of(System.getProperty("diztl.dist", "target/diztl")).toAbsolutePath();

  static final Path DIZTL = HOME.resolve("bin/diztl");

  private static final Duration COMMAND_BOUND = Duration.ofSeconds(60);

  /** What a finished command did. */
  record Result(int exit, String out, String err) {}

  private final Path temp;
  private final List<Process> servers = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>(Map.of("DIZTL_AOT", "off"));
  private int runs;

  DiztlProcesses(Path temp) {
    this.temp = temp;
  }

  /**
   * Sets an environment variable of the commands started from now on. {@code DIZTL_AOT} is {@code
   * off} unless set here, so that no test leaves an ahead-of-time cache being written in the
   * background while its folder is deleted.
   */
  void environment(String name, String value) {
    environment.put(name, value);
  }

  /** Starts a long-running command (tracker, node) whose output goes to {@code logs/NAME.*}. */
  Process start(String name, String... args) throws IOException {
    Process process =
        command(args)
            .redirectOutput(log(name, "out").toFile())
            .redirectError(log(name, "err").toFile())
            .start();
    servers.add(process);
    return process;
  }

  /**
   * Starts a node on 127.0.0.1 that joins {@code tracker}, its web UI (if any) on a free port;
   * {@code extra} adds options.
   */
  Process startNode(String name, Path share, Path data, String tracker, String... extra)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--tracker",
                tracker,
                "--port",
                "" + freePort(),
                "--share",
                share.toString(),
                "--data",
                data.toString(),
                "--bind",
                "127.0.0.1",
                "--advertise",
                "127.0.0.1",
                // Several nodes run at once: none may take the web UI's fixed port.
                "--ui-port",
                "0"));
    args.addAll(List.of(extra));
    return start(name, args.toArray(String[]::new));
  }

  /**
   * Starts a tracker on 127.0.0.1 and waits until it listens; returns its address as its banner
   * gives it to nodes, {@code 127.0.0.1:PORT#FINGERPRINT}.
   */
  String startTracker() throws IOException {
    int port = freePort();
    start("tracker", "tracker", "--port", "" + port, "--bind", "127.0.0.1");
    awaitOutput("tracker", "diztl tracker listening on 127.0.0.1:" + port, Duration.ofSeconds(60));
    return joinAddress("tracker");
  }

  /** The {@code HOST:PORT#FINGERPRINT} that the banner of tracker {@code server} says to join. */
  String joinAddress(String server) {
    Pattern join = Pattern.compile("(?m)^  join with  diztl node --tracker (\\S+)$");
    return poll(
        "the join line of " + server,
        Duration.ofSeconds(60),
        () -> {
          try {
            return Files.readString(log(server, "out"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        out -> {
          Matcher matcher = join.matcher(out);
          return matcher.find() ? matcher.group(1) : null;
        });
  }

  /** Waits until the node of {@code data} is up and sees {@code peers} nodes online. */
  void awaitPeers(Path data, int peers, Duration bound) {
    Pattern online = Pattern.compile("(?m)^peers\\s+" + peers + " online$");
    poll(
        peers + " peers online in the status of " + data.getFileName(),
        bound,
        () -> run("status", "--data", data.toString()),
        result -> result.exit() == 0 && online.matcher(result.out()).find() ? result : null);
  }

  /** Runs a command to its end (at most a minute). */
  Result run(String... args) {
    String name = "run-" + ++runs + "-" + args[0];
    try {
      Process process =
          command(args)
              .redirectOutput(log(name, "out").toFile())
              .redirectError(log(name, "err").toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(COMMAND_BOUND.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(
            "diztl "
                + String.join(" ", args)
                + " did not finish in "
                + COMMAND_BOUND
                + diagnosis());
      }
      return new Result(
          process.exitValue(),
          Files.readString(log(name, "out")),
          Files.readString(log(name, "err")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until the standard output of {@code server} has the line {@code line}. */
  void awaitOutput(String server, String line, Duration bound) {
    poll(
        "'" + line + "' from " + server,
        bound,
        () -> {
          try {
            return Files.readString(log(server, "out"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        out -> out.lines().anyMatch(line::equals) ? out : null);
  }

  /**
   * Repeats {@code attempt} until {@code check} gives a value, for at most {@code bound}; fails at
   * once when a server exits.
   */
  <A, T> T poll(String what, Duration bound, Supplier<A> attempt, Function<A, T> check) {
    long deadline = System.nanoTime() + bound.toNanos();
    A last = null;
    while (System.nanoTime() < deadline) {
      for (Process server : servers) {
        if (!server.isAlive()) {
          fail(
              "a server exited with "
                  + server.exitValue()
                  + " while waiting for "
                  + what
                  + diagnosis());
        }
      }
      last = attempt.get();
      T value = check.apply(last);
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return fail("no " + what + " within " + bound + "; last: " + last + diagnosis());
  }

  /** The end of every log, for a failure message. */
  String diagnosis() {
    StringBuilder text = new StringBuilder();
    try (var logs = Files.list(temp.resolve("logs"))) {
      for (Path file : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        text.append("\n--- ").append(file.getFileName()).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> text.append(l).append('\n'));
      }
    } catch (IOException e) {
      text.append("\n(logs unreadable: ").append(e).append(')');
    }
    return text.toString();
  }

  /** The whole log of a server. */
  String log(String name) throws IOException {
    return Files.readString(log(name, "out")) + Files.readString(log(name, "err"));
  }

  /** Stops every server started, gently first. */
  @Override
  public void close() {
    servers.forEach(Process::destroy);
    try {
      for (Process server : servers) {
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      servers.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }

  private ProcessBuilder command(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(DIZTL.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    for (String variable :
        List.of(
            "DIZTL_OPTS",
            "JAVA_OPTS",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "XDG_CACHE_HOME")) {
      env.remove(variable);
    }
    env.putAll(environment);
    return builder;
  }

  private Path log(String name, String stream) throws IOException {
    return Files.createDirectories(temp.resolve("logs")).resolve(name + "." + stream);
  }

  /** A port free on 127.0.0.1 right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The content identity of {@code bytes}, as hits show it (the SHA-256 Merkle root). */
  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    MerkleHasher hasher = new MerkleHasher(bytes.length);
    hasher.update(ByteBuffer.wrap(bytes));
    return hasher.finish().rootHex();
  }

  /** The lines of {@code search --json} output as maps; a nested object becomes a nested map. */
  static List<Map<String, Object>> parseJsonLines(String out) {
    return out.lines().map(DiztlProcesses::parseJson).toList();
  }

  /** One JSON object: strings, longs, doubles, booleans, nulls, nested objects and arrays. */
  static Map<String, Object> parseJson(String line) {
    try (JsonParser parser = new JsonFactory().createParser(line)) {
      assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
      Map<String, Object> object = readObject(parser, line);
      assertEquals(null, parser.nextToken(), line);
      return object;
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  private static Map<String, Object> readObject(JsonParser parser, String line) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      fields.put(name, readValue(parser, parser.nextToken(), line));
    }
    assertEquals(JsonToken.END_OBJECT, parser.currentToken(), line);
    return fields;
  }

  private static Object readValue(JsonParser parser, JsonToken token, String line)
      throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      case START_OBJECT -> readObject(parser, line);
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (JsonToken item = parser.nextToken();
            item != JsonToken.END_ARRAY;
            item = parser.nextToken()) {
          items.add(readValue(parser, item, line));
        }
        yield items;
      }
      default -> fail("unexpected " + token + " in " + line);
    };
  }

  /** Fails unless the distribution is assembled. */
  static void assertAssembled() {
    assertTrue(
        Files.isExecutable(DIZTL),
        DIZTL + " is missing or not executable: run the package phase first");
  }
}
