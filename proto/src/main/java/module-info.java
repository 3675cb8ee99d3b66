/**
 * The diztl wire protocol, generated from {@code diztl/v1/*.proto}; {@link
 * io.diztl.proto.Transport}, the one place where gRPC servers and channels are built; and the
 * {@link io.diztl.proto.Identity} (key pair and self-signed certificate) whose fingerprint
 * identifies a node or tracker.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.diztl.proto {
  requires transitive com.google.protobuf;
  requires transitive io.grpc;
  requires transitive io.grpc.stub;
  requires transitive io.grpc.protobuf;
  requires transitive com.google.common;
  requires io.grpc.netty.shaded;
  requires io.grpc.services;
  requires io.grpc.inprocess;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires jdk.unsupported;
  requires jdk.httpserver;
  requires org.slf4j;

  exports io.diztl.proto;
  exports io.diztl.proto.v1;
  exports io.diztl.proto.discovery;
}
