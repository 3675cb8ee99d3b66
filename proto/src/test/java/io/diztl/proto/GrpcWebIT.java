package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service served as gRPC-Web over real HTTP/1.1 on 127.0.0.1 and called with {@link
 * GrpcWebClient}: answers, streams, statuses, interceptors and cancellation as over gRPC, and every
 * malformed request gets a clear status while the server goes on serving.
 */
class GrpcWebIT {

  private static final String SERVICE = "diztl.test.Echo";
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

  private static final MethodDescriptor<StringValue, StringValue> ECHO =
      method("Echo", MethodType.UNARY);
  private static final MethodDescriptor<StringValue, StringValue> COUNT =
      method("Count", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<StringValue, StringValue> FAIL =
      method("Fail", MethodType.UNARY);
  private static final MethodDescriptor<StringValue, StringValue> THROW =
      method("Throw", MethodType.UNARY);
  private static final MethodDescriptor<StringValue, StringValue> NEVER =
      method("Never", MethodType.UNARY);
  private static final MethodDescriptor<StringValue, StringValue> HOLD =
      method("Hold", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<StringValue, StringValue> UPLOAD =
      method("Upload", MethodType.CLIENT_STREAMING);

  private final AtomicReference<ServerCallStreamObserver<StringValue>> held =
      new AtomicReference<>();
  private final CountDownLatch holdCancelled = new CountDownLatch(1);
  private GrpcWebServer server;
  private GrpcWebClient client;

  @BeforeEach
  void start() {
    server = GrpcWebServer.start("127.0.0.1", 0, service(), List.of(tokenCheck()));
    client = new GrpcWebClient("127.0.0.1", server.port(), Map.of("x-token", "secret"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aUnaryCallIsAnswered() {
    StringValue answer = client.unary(ECHO, text("hello"), Duration.ofSeconds(5));

    assertEquals("hello", answer.getValue());
  }

  @Test
  void aStreamYieldsEachMessageInOrderThenEnds() {
    List<String> values = new ArrayList<>();
    try (GrpcWebClient.Responses<StringValue> responses =
        client.serverStreaming(COUNT, text("3"))) {
      responses.forEachRemaining(value -> values.add(value.getValue()));
    }

    assertEquals(List.of("0", "1", "2"), values);
  }

  @Test
  void aStatusArrivesWithItsCodeAndItsDescriptionIntact() {
    String description = "bad: ünïcödé, 100% sure\r\nsecond line";

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.unary(FAIL, text(description), Duration.ofSeconds(5)));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals(description, e.getStatus().getDescription());
  }

  @Test
  void theInterceptorsSeeTheHeadersAndMayRefuse() {
    GrpcWebClient stranger =
        new GrpcWebClient("127.0.0.1", server.port(), Map.of("x-token", "guess"));

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> stranger.unary(ECHO, text("hello"), Duration.ofSeconds(5)));

    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertEquals("x-token is not the secret", e.getStatus().getDescription());
  }

  @Test
  void aHandlerThatThrowsFailsItsCallOnlyAndTheServerGoesOn() {
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.unary(THROW, text("x"), Duration.ofSeconds(5)));

    assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
    assertEquals("again", client.unary(ECHO, text("again"), Duration.ofSeconds(5)).getValue());
  }

  @Test
  void aServerSilentForTheDeadlineGivesDeadlineExceeded() {
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.unary(NEVER, text("x"), Duration.ofMillis(300)));

    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
  }

  @Test
  void closingAStreamCancelsTheCallOnTheServer() throws Exception {
    GrpcWebClient.Responses<StringValue> responses = client.serverStreaming(HOLD, text("x"));
    assertEquals("started", responses.next().getValue());

    responses.close();

    // The server sees the caller gone at a write that fails.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (holdCancelled.getCount() > 0 && System.nanoTime() < deadline) {
      held.get().onNext(text("more"));
      holdCancelled.await(20, TimeUnit.MILLISECONDS);
    }
    assertEquals(0, holdCancelled.getCount(), "the held call was cancelled");
    assertTrue(held.get().isCancelled());
  }

  @Test
  void methodsItDoesNotServeAreUnimplemented() {
    MethodDescriptor<StringValue, StringValue> unknown = method("Unknown", MethodType.UNARY);

    StatusRuntimeException missing =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.unary(unknown, text("x"), Duration.ofSeconds(5)));
    StatusRuntimeException streaming =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.unary(UPLOAD, text("x"), Duration.ofSeconds(5)));

    assertEquals(Status.Code.UNIMPLEMENTED, missing.getStatus().getCode());
    assertEquals(Status.Code.UNIMPLEMENTED, streaming.getStatus().getCode());
  }

  @Test
  void malformedRequestsGetAClearAnswerAndTheServerGoesOn() throws Exception {
    byte[] message = text("hello").toByteArray();

    assertEquals(405, exchange("GET", GrpcWebFrames.CONTENT_TYPE, null).code());
    assertEquals(415, exchange("POST", "text/plain", frame(0, message)).code());
    assertEquals(Status.Code.INVALID_ARGUMENT, post(new byte[] {0, 0}));
    assertEquals(Status.Code.INVALID_ARGUMENT, post(frame(0, new byte[] {(byte) 0xff})));
    assertEquals(Status.Code.INVALID_ARGUMENT, post(tooLong()));
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(frame(0, message));
    two.write(frame(0, message));
    assertEquals(Status.Code.INVALID_ARGUMENT, post(two.toByteArray()));
    assertEquals(Status.Code.OK, post(frame(0, message)));
  }

  @Test
  void nothingListeningIsUnavailableWithTheConnectFailureAsCause() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    GrpcWebClient nowhere = new GrpcWebClient("127.0.0.1", port, Map.of());

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> nowhere.unary(ECHO, text("x"), Duration.ofSeconds(5)));

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertInstanceOf(ConnectException.class, e.getCause());
  }

  @Test
  void statusMessagesArePercentEncodedAsGrpcSays() {
    String text = "a%b\nç";

    String encoded = GrpcWebFrames.percentEncode(text);

    assertEquals("a%25b%0A%C3%A7", encoded);
    assertEquals(text, GrpcWebFrames.percentDecode(encoded));
    assertEquals("50%", GrpcWebFrames.percentDecode("50%"), "a malformed escape is kept");
    assertFalse(GrpcWebFrames.statusOf("grpc-status: x\r\n").isOk());
  }

  private ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(ECHO, ServerCalls.asyncUnaryCall(GrpcWebIT::echo))
        .addMethod(COUNT, ServerCalls.asyncServerStreamingCall(GrpcWebIT::count))
        .addMethod(
            FAIL,
            ServerCalls.asyncUnaryCall(
                (request, out) ->
                    out.onError(
                        Status.INVALID_ARGUMENT
                            .withDescription(request.getValue())
                            .asRuntimeException())))
        .addMethod(
            THROW,
            ServerCalls.asyncUnaryCall(
                (request, out) -> {
                  throw new IllegalStateException("a bug in the handler");
                }))
        .addMethod(NEVER, ServerCalls.asyncUnaryCall((request, out) -> {}))
        .addMethod(HOLD, ServerCalls.asyncServerStreamingCall(this::hold))
        .addMethod(
            UPLOAD,
            ServerCalls.asyncClientStreamingCall(
                out ->
                    new StreamObserver<>() {
                      @Override
                      public void onNext(StringValue value) {}

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        out.onCompleted();
                      }
                    }))
        .build();
  }

  private static void echo(StringValue request, StreamObserver<StringValue> out) {
    out.onNext(request);
    out.onCompleted();
  }

  private static void count(StringValue request, StreamObserver<StringValue> out) {
    for (int i = 0; i < Integer.parseInt(request.getValue()); i++) {
      out.onNext(text(Integer.toString(i)));
    }
    out.onCompleted();
  }

  private void hold(StringValue request, StreamObserver<StringValue> out) {
    ServerCallStreamObserver<StringValue> call = (ServerCallStreamObserver<StringValue>) out;
    call.setOnCancelHandler(holdCancelled::countDown);
    held.set(call);
    call.onNext(text("started"));
  }

  private static ServerInterceptor tokenCheck() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!"secret".equals(headers.get(TOKEN))) {
          call.close(
              Status.UNAUTHENTICATED.withDescription("x-token is not the secret"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  private static MethodDescriptor<StringValue, StringValue> method(String name, MethodType type) {
    return MethodDescriptor.<StringValue, StringValue>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
        .build();
  }

  private static StringValue text(String value) {
    return StringValue.of(value);
  }

  private static byte[] frame(int flag, byte[] payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(flag);
    out.write(new byte[] {0, 0, 0, (byte) payload.length});
    out.write(payload);
    return out.toByteArray();
  }

  /** A frame that announces more than a request may hold. */
  private static byte[] tooLong() {
    return new byte[] {0, 0x7f, 0, 0, 0, 1, 2, 3};
  }

  /** Posts {@code body} as a gRPC-Web call to Echo; the status in its trailers. */
  private Status.Code post(byte[] body) throws IOException {
    Answer answer = exchange("POST", GrpcWebFrames.CONTENT_TYPE, body);
    assertEquals(200, answer.code());
    ByteBuffer bytes = ByteBuffer.wrap(answer.body());
    while (bytes.hasRemaining()) {
      int flag = bytes.get();
      byte[] payload = new byte[bytes.getInt()];
      bytes.get(payload);
      if ((flag & GrpcWebFrames.TRAILERS) != 0) {
        return GrpcWebFrames.statusOf(new String(payload, StandardCharsets.US_ASCII)).getCode();
      }
    }
    throw new AssertionError("no trailers in the answer");
  }

  private record Answer(int code, byte[] body) {}

  /** One HTTP exchange with Echo's path: its status code and body. */
  private Answer exchange(String method, String type, byte[] body) throws IOException {
    URI echo = URI.create("http://127.0.0.1:" + server.port() + "/" + ECHO.getFullMethodName());
    HttpURLConnection http = (HttpURLConnection) echo.toURL().openConnection(Proxy.NO_PROXY);
    try {
      http.setRequestMethod(method);
      http.setRequestProperty("Content-Type", type);
      http.setRequestProperty("x-token", "secret");
      if (body != null) {
        http.setDoOutput(true);
        try (OutputStream out = http.getOutputStream()) {
          out.write(body);
        }
      }
      int code = http.getResponseCode();
      try (InputStream in = code < 400 ? http.getInputStream() : http.getErrorStream()) {
        return new Answer(code, in == null ? new byte[0] : in.readAllBytes());
      }
    } finally {
      http.disconnect();
    }
  }
}
