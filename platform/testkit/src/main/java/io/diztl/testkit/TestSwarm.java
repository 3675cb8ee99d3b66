package io.diztl.testkit;

import io.diztl.node.ControlClient;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerLimits;
import io.diztl.tracker.TrackerServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real tracker and any number of real nodes on 127.0.0.1, each node with its own share, downloads
 * and data folders under one root folder, all over mutual TLS: the tracker keeps its identity in
 * {@code root/tracker}, and the nodes pin it ({@code 127.0.0.1:PORT#FINGERPRINT}). Closing the
 * swarm closes every node and the tracker.
 */
public final class TestSwarm implements AutoCloseable {

  /** How long a relayed search waits for each node in a swarm. */
  public static final Duration SEARCH_DEADLINE = Duration.ofSeconds(3);

  private final Path root;
  private final List<TestNode> nodes = new ArrayList<>();
  private final Identity trackerIdentity;
  private final Optional<NetworkKey> networkKey;
  private final MeterRegistry trackerMetrics;
  private TrackerLimits trackerLimits = TrackerLimits.DEFAULTS;
  private TrackerServer tracker;
  private int trackerPort;

  private TestSwarm(Path root, Optional<NetworkKey> networkKey, MeterRegistry trackerMetrics) {
    this.root = root;
    this.networkKey = networkKey;
    this.trackerMetrics = trackerMetrics;
    try {
      this.trackerIdentity =
          Identity.loadOrCreate(Files.createDirectories(root.resolve("tracker")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a tracker on a free loopback port; nodes are added with {@link #addNode(String)}. */
  public static TestSwarm start(Path root) {
    return start(root, new SimpleMeterRegistry());
  }

  /** Starts a tracker as {@link #start(Path)} does, with its meters on {@code trackerMetrics}. */
  public static TestSwarm start(Path root, MeterRegistry trackerMetrics) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(trackerMetrics, "trackerMetrics");
    TestSwarm swarm = new TestSwarm(root, Optional.empty(), trackerMetrics);
    swarm.startTracker(0);
    return swarm;
  }

  /** Starts a tracker as {@link #start(Path)} does, with {@code limits}. */
  public static TestSwarm start(Path root, TrackerLimits limits) {
    Objects.requireNonNull(root, "root");
    TestSwarm swarm = new TestSwarm(root, Optional.empty(), new SimpleMeterRegistry());
    swarm.trackerLimits = Objects.requireNonNull(limits, "limits");
    swarm.startTracker(0);
    return swarm;
  }

  /**
   * Starts the tracker of a closed network with {@code key}; {@link #addNode(String)} adds nodes
   * with the same key.
   */
  public static TestSwarm startClosed(Path root, NetworkKey key) {
    Objects.requireNonNull(root, "root");
    TestSwarm swarm =
        new TestSwarm(
            root, Optional.of(Objects.requireNonNull(key, "key")), new SimpleMeterRegistry());
    swarm.startTracker(0);
    return swarm;
  }

  /** Starts a node named {@code name} (its folders are {@code root/name/...}). */
  public TestNode addNode(String name) {
    return addNode(name, networkKey, 0, new SimpleMeterRegistry());
  }

  /** Starts a node as {@link #addNode(String)} does, with its meters on {@code metrics}. */
  public TestNode addNode(String name, MeterRegistry metrics) {
    return addNode(name, networkKey, 0, metrics);
  }

  /**
   * Starts a node named {@code name} with {@code key} (or none) on peer port {@code port} (0: a
   * free one), whatever key the swarm's tracker has.
   */
  public TestNode addNode(String name, Optional<NetworkKey> key, int port) {
    return addNode(name, key, port, new SimpleMeterRegistry());
  }

  /**
   * Starts a node as {@link #addNode(String)} does, with its configuration changed by {@code
   * configure} (its transfer limits, say).
   */
  public TestNode addNode(String name, UnaryOperator<NodeConfig> configure) {
    return addNode(name, networkKey, 0, new SimpleMeterRegistry(), configure);
  }

  /**
   * Starts a node with its meters on {@code metrics} and its configuration changed by {@code
   * configure}.
   */
  public TestNode addNode(String name, MeterRegistry metrics, UnaryOperator<NodeConfig> configure) {
    return addNode(name, networkKey, 0, metrics, configure);
  }

  private TestNode addNode(String name, Optional<NetworkKey> key, int port, MeterRegistry metrics) {
    return addNode(name, key, port, metrics, UnaryOperator.identity());
  }

  private TestNode addNode(
      String name,
      Optional<NetworkKey> key,
      int port,
      MeterRegistry metrics,
      UnaryOperator<NodeConfig> configure) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metrics, "metrics");
    Path home = root.resolve(name);
    Path share = home.resolve("share");
    try {
      Files.createDirectories(share);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NodeConfig config =
        new NodeConfig(
            share,
            share.resolve("output"),
            home.resolve("data"),
            "127.0.0.1",
            port,
            "127.0.0.1",
            trackerAddress(),
            false);
    config = configure.apply(config);
    TestNode node = new TestNode(name, config, Node.start(config, key, metrics));
    nodes.add(node);
    return node;
  }

  /** The tracker's {@code HOST:PORT#FINGERPRINT}, as nodes pin it. */
  public String trackerAddress() {
    return "127.0.0.1:" + trackerPort + "#" + trackerIdentity.id();
  }

  /** The tracker's identity. */
  public Identity trackerIdentity() {
    return trackerIdentity;
  }

  /** The tracker running now. */
  public TrackerServer tracker() {
    return tracker;
  }

  /** Stops the tracker, leaving the nodes running. */
  public void stopTracker() {
    tracker.close();
  }

  /** Starts the tracker again on the port it had. */
  public void restartTracker() {
    startTracker(trackerPort);
  }

  private void startTracker(int port) {
    TrackerConfig config =
        new TrackerConfig(
            "127.0.0.1", port, TrackerConfig.DEFAULT_NODE_TTL, SEARCH_DEADLINE, trackerLimits);
    tracker =
        TrackerServer.start(config, Transport.tls(trackerIdentity), networkKey, trackerMetrics);
    trackerPort = tracker.port();
  }

  @Override
  public void close() {
    nodes.forEach(TestNode::close);
    tracker.close();
  }

  /** One node of the swarm, with its folders and a control client. */
  public static final class TestNode implements AutoCloseable {
    private final String name;
    private final NodeConfig config;
    private final Node node;
    private ControlClient control;

    private TestNode(String name, NodeConfig config, Node node) {
      this.name = name;
      this.config = config;
      this.node = node;
    }

    /** The name given when it was added. */
    public String name() {
      return name;
    }

    /** The running node. */
    public Node node() {
      return node;
    }

    /** Its share folder. */
    public Path share() {
      return config.shareDir();
    }

    /** Its data folder. */
    public Path data() {
      return config.dataDir();
    }

    /** Its downloads folder. */
    public Path downloads() {
      return config.downloadsDir();
    }

    /** A client of its control API, opened on first use and closed with the node. */
    public synchronized ControlClient control() {
      if (control == null) {
        control = ControlClient.connect(config.dataDir());
      }
      return control;
    }

    /** Writes {@code content} to {@code relativePath} in the share, creating folders. */
    public Path write(String relativePath, byte[] content) {
      Path file = share().resolve(relativePath);
      try {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void close() {
      if (control != null) {
        control.close();
        control = null;
      }
      node.close();
    }
  }
}
