package io.diztl.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.diztl.node.internal.ControlFile;
import io.diztl.node.internal.ControlToken;
import io.diztl.proto.Transport;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node keeps from other local users: its data folder and the index and partial downloads in
 * it are owner-only, and its control port answers nothing, not even reflection or health, without
 * the token.
 */
class NodePrivacyIT {

  /** {@code grpc.health.v1.HealthCheckResponse} with status SERVING. */
  private static final byte[] SERVING = {0x08, 0x01};

  /** {@code grpc.reflection.v1.ServerReflectionRequest} asking for the list of services. */
  private static final byte[] LIST_SERVICES = {0x3a, 0x00};

  private static final MethodDescriptor<byte[], byte[]> HEALTH_CHECK =
      method(MethodDescriptor.MethodType.UNARY, "grpc.health.v1.Health/Check");
  private static final MethodDescriptor<byte[], byte[]> REFLECTION =
      method(
          MethodDescriptor.MethodType.BIDI_STREAMING,
          "grpc.reflection.v1.ServerReflection/ServerReflectionInfo");

  @TempDir Path root;
  private Path data;
  private Node node;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    Path share = Files.createDirectories(root.resolve("share"));
    data = root.resolve("data");
    if (posix()) {
      // As an older node left them: open to every local user.
      Files.createDirectories(
          data.resolve("index"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(
          data.resolve("index"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    node =
        Node.start(
            new NodeConfig(
                share,
                root.resolve("downloads"),
                data,
                "127.0.0.1",
                0,
                "127.0.0.1",
                "127.0.0.1:1",
                false));
    channel = Transport.plaintext().channel("127.0.0.1", node.controlPort(), id -> {});
  }

  @AfterEach
  void stop() {
    Transport.close(channel);
    node.close();
  }

  @Test
  void theDataFolderItsIndexAndItsPartialDownloadsAreOwnerOnly() throws IOException {
    assumeTrue(posix(), "POSIX permissions");
    for (Path dir : new Path[] {data, data.resolve("index"), data.resolve("partial")}) {
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), "" + dir);
    }
  }

  @Test
  void healthAndReflectionOnTheControlPortNeedTheToken() throws Exception {
    StatusRuntimeException health =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    channel, HEALTH_CHECK, CallOptions.DEFAULT, new byte[0]));
    assertEquals(Status.Code.UNAUTHENTICATED, health.getStatus().getCode());
    assertEquals(Status.Code.UNAUTHENTICATED, reflect(channel).getCode());

    String token = ControlFile.read(data).orElseThrow().token();
    ManagedChannel withToken =
        Transport.plaintext().channel("127.0.0.1", node.controlPort(), id -> {});
    try {
      Channel authorised =
          ClientInterceptors.intercept(withToken, ControlToken.clientInterceptor(token));
      assertArrayEquals(
          SERVING,
          ClientCalls.blockingUnaryCall(
              authorised, HEALTH_CHECK, CallOptions.DEFAULT, new byte[0]));
      assertEquals(Status.Code.OK, reflect(authorised).getCode());
    } finally {
      Transport.close(withToken);
    }
  }

  /** Asks for the list of services; the call's status once it ends. */
  private static Status reflect(Channel channel) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(
                REFLECTION, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] answer) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });
    requests.onNext(LIST_SERVICES);
    requests.onCompleted();
    return ended.get(20, TimeUnit.SECONDS);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static MethodDescriptor<byte[], byte[]> method(
      MethodDescriptor.MethodType type, String name) {
    MethodDescriptor.Marshaller<byte[]> bytes =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return MethodDescriptor.newBuilder(bytes, bytes).setType(type).setFullMethodName(name).build();
  }
}
