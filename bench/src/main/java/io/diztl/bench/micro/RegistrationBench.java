package io.diztl.bench.micro;

import com.google.protobuf.ByteString;
import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.ChallengeRequest;
import io.diztl.proto.v1.ChallengeResponse;
import io.diztl.proto.v1.KeyProof;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.RegisterRequest;
import io.diztl.proto.v1.RegisterResponse;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a closed network's challenge adds to a registration: one node registering again and again
 * with a real tracker over mutual TLS on loopback, in an open network (Register alone) and in a
 * closed one (Challenge, both proofs, Register), beside the two HMACs alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RegistrationBench {

  @Param({"open", "closed"})
  String network;

  private final NetworkKey key = NetworkKey.generate();
  private final Identity trackerIdentity = Identity.generate();
  private final Identity nodeIdentity = Identity.generate();
  private final byte[] nonce = NetworkKey.nonce();
  private ExecutorService executor;
  private TrackerServer tracker;
  private Server peer;
  private ManagedChannel channel;
  private TrackerGrpc.TrackerBlockingStub stub;
  private NodeInfo self;

  /** Starts the tracker and the node's peer port (which the tracker checks once). */
  @Setup(Level.Trial)
  public void start() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    Transport nodeTransport = Transport.tls(nodeIdentity);
    peer = nodeTransport.startServer("127.0.0.1", 0, executor, List.of(), List.of());
    TrackerConfig config = TrackerConfig.onPort(0);
    config =
        new TrackerConfig(
            "127.0.0.1", 0, config.nodeTtl(), config.searchDeadline(), config.limits());
    tracker =
        network.equals("closed")
            ? TrackerServer.start(config, Transport.tls(trackerIdentity), key)
            : TrackerServer.start(config, Transport.tls(trackerIdentity));
    channel = nodeTransport.channel("127.0.0.1", tracker.port(), PeerPin.of(trackerIdentity.id()));
    stub = TrackerGrpc.newBlockingStub(channel);
    self =
        NodeInfo.newBuilder()
            .setNodeId(nodeIdentity.id())
            .setHost("127.0.0.1")
            .setPort(peer.getPort())
            .setName("bench")
            .build();
    register();
  }

  /** Stops everything started. */
  @TearDown(Level.Trial)
  public void stop() {
    Transport.close(channel);
    tracker.close();
    Transport.close(peer);
    executor.shutdownNow();
  }

  /** One registration as the node's tracker link makes it (one op = one registration). */
  @Benchmark
  public RegisterResponse register() {
    RegisterRequest.Builder request = RegisterRequest.newBuilder().setNode(self);
    if (network.equals("closed")) {
      byte[] nodeNonce = NetworkKey.nonce();
      ChallengeResponse challenge =
          stub.challenge(
              ChallengeRequest.newBuilder().setNodeNonce(ByteString.copyFrom(nodeNonce)).build());
      if (!key.checkTrackerProof(
          nodeNonce,
          trackerIdentity.id(),
          nodeIdentity.id(),
          challenge.getTrackerProof().toByteArray())) {
        throw new IllegalStateException("the tracker's proof does not match");
      }
      request.setKeyProof(
          KeyProof.newBuilder()
              .setNonce(challenge.getNonce())
              .setMac(
                  ByteString.copyFrom(
                      key.nodeProof(
                          challenge.getNonce().toByteArray(),
                          trackerIdentity.id(),
                          nodeIdentity.id()))));
    }
    return stub.register(request.build());
  }

  /** A node's proof and its check, without the network (one op = both HMACs). */
  @Benchmark
  public boolean proofAndCheck() {
    byte[] proof = key.nodeProof(nonce, trackerIdentity.id(), nodeIdentity.id());
    return key.checkNodeProof(nonce, trackerIdentity.id(), nodeIdentity.id(), proof);
  }
}
