package io.diztl.node.internal;

import io.diztl.node.internal.fetch.ReceivedPart;
import io.diztl.node.internal.serve.DownloadPart;
import io.diztl.proto.v1.DownloadResponse;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the peer protocol's traffic as gRPC interceptors, so that the services and the transfer
 * code need no hooks: the searches this node served (by the status they ended with), the file
 * transfers under way each way and the file bytes sent and received. Transfers are counted by their
 * {@code Download} and {@code DownloadRanges} calls and bytes by their data chunks.
 */
public final class PeerTrafficMeter {

  private static final String SEARCH = PeerGrpc.getSearchMethod().getFullMethodName();
  private static final Set<String> DOWNLOADS =
      Set.of(
          PeerGrpc.getDownloadMethod().getFullMethodName(),
          PeerGrpc.getDownloadRangesMethod().getFullMethodName());

  private final MeterRegistry registry;
  private final List<Meter> meters;
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicInteger downloads = new AtomicInteger();
  private final Counter sent;
  private final Counter received;
  private final Map<Status.Code, Counter> served = new ConcurrentHashMap<>();

  PeerTrafficMeter(MeterRegistry registry, List<Meter> meters) {
    this.registry = registry;
    this.meters = meters;
    meters.add(
        Gauge.builder("diztl.transfers.active", uploads, AtomicInteger::get)
            .description("File transfers under way")
            .tag("direction", "upload")
            .register(registry));
    meters.add(
        Gauge.builder("diztl.transfers.active", downloads, AtomicInteger::get)
            .description("File transfers under way")
            .tag("direction", "download")
            .register(registry));
    sent = bytes("upload");
    received = bytes("download");
  }

  private Counter bytes(String direction) {
    Counter counter =
        Counter.builder("diztl.transfer")
            .description("File bytes sent to and received from other nodes")
            .baseUnit("bytes")
            .tag("direction", direction)
            .register(registry);
    meters.add(counter);
    return counter;
  }

  /** Counts the searches and downloads the peer service serves. */
  public ServerInterceptor server() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (method.equals(SEARCH)) {
          return next.startCall(searchCall(call), headers);
        }
        if (DOWNLOADS.contains(method)) {
          uploads.incrementAndGet();
          return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
              next.startCall(uploadCall(call), headers)) {
            @Override
            public void onComplete() {
              uploads.decrementAndGet();
              super.onComplete();
            }

            @Override
            public void onCancel() {
              uploads.decrementAndGet();
              super.onCancel();
            }
          };
        }
        return next.startCall(call, headers);
      }
    };
  }

  private <Q, R> ServerCall<Q, R> searchCall(ServerCall<Q, R> call) {
    return new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        served.computeIfAbsent(status.getCode(), PeerTrafficMeter.this::served).increment();
        super.close(status, trailers);
      }
    };
  }

  /**
   * {@code answer}, counting the search it ends among the searches served, as a {@code Peer.Search}
   * call is: for searches the tracker sends on the node's relay stream.
   */
  public StreamObserver<SearchResponse> countServed(StreamObserver<SearchResponse> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SearchResponse response) {
        answer.onNext(response);
      }

      @Override
      public void onError(Throwable t) {
        served
            .computeIfAbsent(Status.fromThrowable(t).getCode(), PeerTrafficMeter.this::served)
            .increment();
        answer.onError(t);
      }

      @Override
      public void onCompleted() {
        served.computeIfAbsent(Status.Code.OK, PeerTrafficMeter.this::served).increment();
        answer.onCompleted();
      }
    };
  }

  private Counter served(Status.Code code) {
    Counter counter =
        Counter.builder("diztl.searches.served")
            .description("Searches this node answered for other nodes, by the status they ended")
            .tag("status", code.name().toLowerCase(Locale.ROOT))
            .register(registry);
    meters.add(counter);
    return counter;
  }

  private <Q, R> ServerCall<Q, R> uploadCall(ServerCall<Q, R> call) {
    return new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        if (message instanceof DownloadPart.Chunk chunk) {
          sent.increment(chunk.length());
        } else if (message instanceof DownloadResponse response && response.hasData()) {
          sent.increment(response.getData().size());
        }
        super.sendMessage(message);
      }
    };
  }

  /** Counts the downloads this node makes from other nodes. */
  public ClientInterceptor client() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        return DOWNLOADS.contains(method.getFullMethodName()) ? downloadCall(call) : call;
      }
    };
  }

  private <Q, R> ClientCall<Q, R> downloadCall(ClientCall<Q, R> call) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        downloads.incrementAndGet();
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                if (message instanceof ReceivedPart.Data data) {
                  received.increment(data.length());
                } else if (message instanceof DownloadResponse response && response.hasData()) {
                  received.increment(response.getData().size());
                }
                super.onMessage(message);
              }

              @Override
              public void onClose(Status status, Metadata trailers) {
                downloads.decrementAndGet();
                super.onClose(status, trailers);
              }
            },
            headers);
      }
    };
  }
}
