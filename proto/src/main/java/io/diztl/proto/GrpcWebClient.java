package io.diztl.proto;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Calls unary and server-streaming methods of a {@link GrpcWebServer} over HTTP/1.1 with the JDK's
 * own HTTP client, one connection per call, so that a short-lived process reaches a service
 * without starting an HTTP/2 stack. Every failure is a {@link StatusRuntimeException} as a gRPC
 * channel would throw it: UNAVAILABLE (its cause a {@link ConnectException} when nothing listens),
 * DEADLINE_EXCEEDED when the server says nothing for the deadline, else the server's status.
 */
public final class GrpcWebClient {

  private final String host;
  private final int port;
  private final Map<String, String> headers;

  /** A client of the server on {@code host:port} whose calls all carry {@code headers}. */
  public GrpcWebClient(String host, int port, Map<String, String> headers) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.headers = Map.copyOf(headers);
  }

  /** Calls a unary {@code method}; the server must answer within {@code deadline}. */
  public <Q, R> R unary(MethodDescriptor<Q, R> method, Q request, Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    try (Responses<R> responses = open(method, request, deadline)) {
      if (!responses.hasNext()) {
        throw Status.INTERNAL
            .withDescription("the node ended " + method.getBareMethodName() + " without an answer")
            .asRuntimeException();
      }
      R answer = responses.next();
      if (responses.hasNext()) {
        throw Status.INTERNAL
            .withDescription("the node answered " + method.getBareMethodName() + " twice")
            .asRuntimeException();
      }
      return answer;
    }
  }

  /**
   * Calls a server-streaming {@code method}: its messages as they come, read lazily; the server
   * may take as long as it likes between two of them. Close the stream to end the call early.
   */
  public <Q, R> Responses<R> serverStreaming(MethodDescriptor<Q, R> method, Q request) {
    return open(method, request, Duration.ZERO);
  }

  private <Q, R> Responses<R> open(MethodDescriptor<Q, R> method, Q request, Duration deadline) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(request, "request");
    byte[] frame = frameOf(method, request);
    HttpURLConnection connection = null;
    try {
      URI uri = new URI("http", null, host, port, "/" + method.getFullMethodName(), null, null);
      connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      int millis = (int) Math.min(Integer.MAX_VALUE, deadline.toMillis());
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setFixedLengthStreamingMode(frame.length);
      connection.setRequestProperty("Content-Type", GrpcWebFrames.CONTENT_TYPE);
      connection.setRequestProperty("Accept", GrpcWebFrames.CONTENT_TYPE);
      headers.forEach(connection::setRequestProperty);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(frame);
      }
      int code = connection.getResponseCode();
      String status = connection.getHeaderField(GrpcWebFrames.STATUS);
      if (code != 200) {
        throw statusOfHttp(code, status).asRuntimeException();
      }
      String type = connection.getContentType();
      if (type == null || !type.startsWith("application/grpc-web")) {
        throw Status.INTERNAL
            .withDescription("the server answered with content type " + type)
            .asRuntimeException();
      }
      if (status != null) {
        // Trailers only: the status came in the headers, with no message.
        throw trailersOnly(connection, status).asRuntimeException();
      }
      return new Responses<>(method, connection, connection.getInputStream());
    } catch (IOException e) {
      if (connection != null) {
        connection.disconnect();
      }
      throw failure(e);
    } catch (URISyntaxException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    } catch (StatusRuntimeException e) {
      if (connection != null) {
        connection.disconnect();
      }
      throw e;
    }
  }

  private static Status trailersOnly(HttpURLConnection connection, String status) {
    Integer code = GrpcWebFrames.parseCode(status);
    if (code == null) {
      return Status.UNKNOWN.withDescription("the server answered grpc-status " + status);
    }
    String message = connection.getHeaderField(GrpcWebFrames.MESSAGE);
    return Status.fromCodeValue(code)
        .withDescription(message == null ? null : GrpcWebFrames.percentDecode(message));
  }

  private static <Q> byte[] frameOf(MethodDescriptor<Q, ?> method, Q request) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    try (InputStream message = method.streamRequest(request)) {
      GrpcWebFrames.writeMessage(frame, message.readAllBytes());
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("cannot serialise the request").asRuntimeException();
    }
    return frame.toByteArray();
  }

  /** The status of an HTTP answer other than 200, as gRPC maps HTTP codes. */
  private static Status statusOfHttp(int code, String grpcStatus) {
    Integer given = grpcStatus == null ? null : GrpcWebFrames.parseCode(grpcStatus);
    if (given != null) {
      return Status.fromCodeValue(given);
    }
    Status status =
        switch (code) {
          case 400 -> Status.INTERNAL;
          case 401 -> Status.UNAUTHENTICATED;
          case 403 -> Status.PERMISSION_DENIED;
          case 404 -> Status.UNIMPLEMENTED;
          case 429, 502, 503, 504 -> Status.UNAVAILABLE;
          default -> Status.UNKNOWN;
        };
    return status.withDescription("the server answered HTTP " + code);
  }

  private StatusRuntimeException failure(IOException e) {
    Status status =
        e instanceof SocketTimeoutException
            ? Status.DEADLINE_EXCEEDED.withDescription("no answer from " + host + ":" + port)
            : Status.UNAVAILABLE.withDescription(
                "cannot reach " + host + ":" + port + ": " + e.getMessage());
    return status.withCause(e).asRuntimeException();
  }

  /** The messages of one call, read as they come; the call's failure is thrown where it is read. */
  public final class Responses<R> implements Iterator<R>, AutoCloseable {
    private final MethodDescriptor<?, R> method;
    private final HttpURLConnection connection;
    private final InputStream in;
    private R next;
    private boolean ended;

    private Responses(MethodDescriptor<?, R> method, HttpURLConnection connection, InputStream in) {
      this.method = method;
      this.connection = connection;
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (ended) {
        return false;
      }
      GrpcWebFrames.Frame frame;
      try {
        frame = GrpcWebFrames.read(in, Transport.MAX_MESSAGE_BYTES);
      } catch (IOException e) {
        close();
        throw failure(e);
      }
      if (frame == null) {
        close();
        throw Status.UNAVAILABLE
            .withDescription("the node closed " + method.getBareMethodName() + " before its end")
            .asRuntimeException();
      }
      if (frame.isTrailers()) {
        close();
        Status status =
            GrpcWebFrames.statusOf(new String(frame.payload(), StandardCharsets.US_ASCII));
        if (!status.isOk()) {
          throw status.asRuntimeException();
        }
        return false;
      }
      try {
        next = method.parseResponse(new ByteArrayInputStream(frame.payload()));
      } catch (RuntimeException e) {
        close();
        throw Status.INTERNAL
            .withDescription("the node sent a malformed " + method.getBareMethodName() + " answer")
            .withCause(e)
            .asRuntimeException();
      }
      return true;
    }

    @Override
    public R next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      R answer = next;
      next = null;
      return answer;
    }

    /** Ends the call: the connection is closed, and the server cancels the call. */
    @Override
    public void close() {
      if (!ended) {
        ended = true;
        connection.disconnect();
      }
    }
  }
}
