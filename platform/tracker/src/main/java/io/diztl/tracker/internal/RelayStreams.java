package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.RelayHello;
import io.diztl.proto.v1.RelayReply;
import io.diztl.proto.v1.TrackerGrpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Relay} streams the tracker's nodes hold open, one per node id, and the handler that
 * accepts them: only from a live registered node, under its own identity (over TLS the one of its
 * certificate). A newer stream of a node replaces its older one; a stream of a node that left the
 * registry is ended by {@link #retain}.
 */
public final class RelayStreams implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RelayStreams.class);

  /** {@code Tracker.Relay}, its queries given as the bytes of a {@code RelayQuery}. */
  static final MethodDescriptor<RelayReply, byte[]> METHOD =
      TrackerGrpc.getRelayMethod().toBuilder(
              TrackerGrpc.getRelayMethod().getRequestMarshaller(), RawBytes.MARSHALLER)
          .build();

  private final Map<String, NodeStream> open = new ConcurrentHashMap<>();
  private final AtomicLong searches = new AtomicLong();
  private final Predicate<String> registered;

  /** Accepts streams of the nodes {@code registered} says are live. */
  public RelayStreams(Predicate<String> registered) {
    this.registered = registered;
  }

  /** Accepts no stream: every node is asked by a call of its own. */
  static RelayStreams none() {
    return new RelayStreams(id -> false);
  }

  /** A new search id, unique for this tracker's run. */
  long nextSearchId() {
    return searches.incrementAndGet();
  }

  /** The open stream of {@code nodeId}, or null. */
  NodeStream of(String nodeId) {
    return open.get(nodeId);
  }

  /** How many nodes hold a stream open. */
  public int size() {
    return open.size();
  }

  /** {@code tracker}, its {@code Relay} method served by these streams. */
  public ServerServiceDefinition serve(ServerServiceDefinition tracker) {
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(tracker.getServiceDescriptor().getName());
    String relay = METHOD.getFullMethodName();
    for (ServerMethodDefinition<?, ?> method : tracker.getMethods()) {
      if (!method.getMethodDescriptor().getFullMethodName().equals(relay)) {
        service.addMethod(method);
      }
    }
    return service.addMethod(METHOD, new Handler()).build();
  }

  /** Ends the streams of nodes not in {@code liveIds}. */
  public void retain(Set<String> liveIds) {
    for (NodeStream stream : List.copyOf(open.values())) {
      if (!liveIds.contains(stream.nodeId()) && open.remove(stream.nodeId(), stream)) {
        stream.end(Status.FAILED_PRECONDITION.withDescription("node is not registered"), true);
      }
    }
  }

  /** Ends every stream. */
  @Override
  public void close() {
    for (NodeStream stream : List.copyOf(open.values())) {
      open.remove(stream.nodeId(), stream);
      stream.end(Status.UNAVAILABLE.withDescription("the tracker is stopping"), true);
    }
  }

  private final class Handler implements ServerCallHandler<RelayReply, byte[]> {
    @Override
    public ServerCall.Listener<RelayReply> startCall(
        ServerCall<RelayReply, byte[]> call, Metadata headers) {
      Optional<String> caller = Transport.callerId();
      call.request(1);
      return new Listener(call, caller);
    }
  }

  /** One node's stream: a hello first, then answers. Its callbacks come one at a time. */
  private final class Listener extends ServerCall.Listener<RelayReply> {
    private final ServerCall<RelayReply, byte[]> call;
    private final Optional<String> caller;
    private NodeStream stream;
    private boolean closed;

    Listener(ServerCall<RelayReply, byte[]> call, Optional<String> caller) {
      this.call = call;
      this.caller = caller;
    }

    @Override
    public void onMessage(RelayReply message) {
      if (closed) {
        return;
      }
      if (stream == null) {
        if (!message.hasHello()) {
          refuse(Status.INVALID_ARGUMENT.withDescription("the first message must be a hello"));
          return;
        }
        accept(message.getHello());
      } else if (message.hasAnswer()) {
        stream.received(message.getAnswer());
      } else {
        stream.end(Status.INVALID_ARGUMENT.withDescription("one hello per stream"), true);
        return;
      }
      call.request(1);
    }

    private void accept(RelayHello hello) {
      String id;
      try {
        id = TrackerGrpcService.ownId(hello.getNodeId(), caller);
      } catch (DiztlException e) {
        refuse(TrackerGrpcService.statusOf(e));
        return;
      }
      if (id.isEmpty()) {
        refuse(Status.INVALID_ARGUMENT.withDescription("hello needs a node_id without TLS"));
        return;
      }
      if (!registered.test(id)) {
        refuse(
            Status.FAILED_PRECONDITION.withDescription(
                "node " + id + " is not registered; register before opening its relay stream"));
        return;
      }
      stream = new NodeStream(id, call);
      NodeStream replaced = open.put(id, stream);
      if (replaced != null) {
        replaced.end(Status.CANCELLED.withDescription("replaced by a newer stream"), true);
      }
      LOG.debug("node {} opened its relay stream", id);
    }

    private void refuse(Status status) {
      closed = true;
      LOG.debug("refused a relay stream: {}", status);
      call.close(status, new Metadata());
    }

    @Override
    public void onHalfClose() {
      ended(Status.OK.withDescription("the node ended its relay stream"), true);
    }

    @Override
    public void onCancel() {
      ended(Status.CANCELLED, false);
    }

    @Override
    public void onComplete() {
      ended(Status.OK, false);
    }

    private void ended(Status status, boolean closeCall) {
      if (stream != null) {
        open.remove(stream.nodeId(), stream);
        stream.end(status, closeCall);
      } else if (closeCall && !closed) {
        closed = true;
        call.close(status, new Metadata());
      }
    }
  }
}
