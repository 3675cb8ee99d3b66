package io.diztl.bench;

import io.diztl.api.DiztlException;
import io.diztl.node.ControlClient;
import io.diztl.proto.v1.StatusResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Starts trackers and nodes from the assembled distribution ({@code bin/diztl}) as separate
 * processes on 127.0.0.1, and stops every one of them on close.
 */
final class Dist implements AutoCloseable {

  static final Duration READY_BOUND = Duration.ofSeconds(120);

  private final Path diztl;
  private final Path logs;
  private final List<Proc> started = new ArrayList<>();
  private int count;

  Dist(Path home, Path logs) {
    this.diztl = home.resolve("bin/diztl");
    this.logs = logs;
    if (!Files.isExecutable(diztl)) {
      throw new IllegalArgumentException(diztl + " is missing: build the distribution first");
    }
  }

  /** The distribution's {@code bin/diztl}. */
  Path diztl() {
    return diztl;
  }

  /** A node running as its own process, and a control client to it once it is up. */
  record NodeProc(Proc proc, Path data, ControlClient control) implements AutoCloseable {
    StatusResponse status() {
      return control.status();
    }

    /** Polls the status until {@code condition} holds. */
    StatusResponse await(String what, Duration bound, Predicate<StatusResponse> condition) {
      long end = System.nanoTime() + bound.toNanos();
      while (true) {
        proc.checkAlive();
        StatusResponse status = status();
        if (condition.test(status)) {
          return status;
        }
        if (System.nanoTime() > end) {
          throw new IllegalStateException(
              proc.name() + ": expected " + what + " within " + bound + ", found " + status);
        }
        Sleep.millis(10);
      }
    }

    @Override
    public void close() {
      control.close();
      proc.close();
    }
  }

  /** Starts a node that runs its own tracker on {@code trackerPort}; {@code extra} adds options. */
  Proc startNodeWithTracker(String name, Path share, Path data, int trackerPort, String... extra) {
    return start(
        name, nodeArgs(share, data, "--tracker-port", Integer.toString(trackerPort), extra));
  }

  /** Starts a node that joins the tracker on {@code trackerPort}; {@code extra} adds options. */
  Proc startNode(String name, Path share, Path data, int trackerPort, String... extra) {
    return start(name, nodeArgs(share, data, "--tracker", "127.0.0.1:" + trackerPort, extra));
  }

  /**
   * Starts a plain-text tracker ({@code --insecure}) on {@code port}, which takes the ids that the
   * fake peers of one client claim.
   */
  Proc startTracker(String name, int port) {
    return start(
        name,
        List.of(
            "tracker",
            "--bind",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--insecure",
            // Every simulated node registers from 127.0.0.1.
            "--max-nodes",
            "100000",
            "--max-nodes-per-address",
            "100000"));
  }

  /** Waits until the node started as {@code proc} answers on its control API. */
  NodeProc connect(Proc proc, Path data) {
    long end = System.nanoTime() + READY_BOUND.toNanos();
    while (true) {
      proc.checkAlive();
      try {
        ControlClient control = ControlClient.connect(data);
        try {
          control.status();
          return new NodeProc(proc, data, control);
        } catch (DiztlException e) {
          control.close();
          throw e;
        }
      } catch (DiztlException e) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException(
              proc.name() + " did not answer within " + READY_BOUND + ": " + e.getMessage(), e);
        }
        Sleep.millis(10);
      }
    }
  }

  /** Stops every process started so far; the distribution can start more afterwards. */
  synchronized void stopAll() {
    started.forEach(Proc::close);
    started.clear();
  }

  @Override
  public void close() {
    stopAll();
  }

  /** A free TCP port on 127.0.0.1 (free when asked; good enough on a machine we control). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> nodeArgs(
      Path share, Path data, String trackerOption, String tracker, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--share",
                share.toString(),
                "--data",
                data.toString(),
                "--downloads",
                data.resolveSibling(data.getFileName() + "-downloads").toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                // Each node's web UI on a port of its own, as one node per machine has it.
                "--ui-port",
                "0",
                trackerOption,
                tracker));
    args.addAll(List.of(extra));
    return args;
  }

  private synchronized Proc start(String name, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(diztl.toString());
    command.addAll(args);
    Proc proc =
        Proc.start(name, command, logs.resolve(String.format("%03d-%s.log", ++count, name)));
    started.add(proc);
    return proc;
  }
}
