package io.diztl.launcher;

import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.FileType;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PluginInfo;
import io.diztl.proto.v1.PluginsRequest;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.Snippet;
import io.diztl.proto.v1.StatusRequest;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A node's control API that answers every call with made-up data, for {@link AotTraining}. */
final class StandInControl extends ControlGrpc.ControlImplBase {

  private static final String NODE_ID = "synw3u7n4pfy5s5kzpli3ycazub";
  private static final String FILE_ID = "fedcba9876543210";

  private final Path dir;

  StandInControl(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes the {@code control.properties} through which {@code ControlClient} finds a node (the
   * node module's {@code ControlFile} reads it): the gRPC-Web port (the stand-in has no gRPC
   * port), a token, the node id and a live pid.
   */
  static void writeControlFile(Path dataDir, int webPort) throws IOException {
    Properties control = new Properties();
    control.setProperty("port", "0");
    control.setProperty("web-port", Integer.toString(webPort));
    control.setProperty("token", "training");
    control.setProperty("node-id", NODE_ID);
    control.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    try (Writer out =
        Files.newBufferedWriter(dataDir.resolve("control.properties"), StandardCharsets.UTF_8)) {
      control.store(out, null);
    }
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
    responses.onNext(
        StatusResponse.newBuilder()
            .setNodeId(NODE_ID)
            .setTracker("127.0.0.1:7400")
            .setTrackerConnected(true)
            .setFilesIndexed(2)
            .setBytesIndexed(3 << 20)
            .setFilesHashed(1)
            .setPeersOnline(1)
            .setShareDir(dir.toString())
            .setDownloadsDir(dir.toString())
            .setPort(7401)
            .build());
    responses.onCompleted();
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> events) {
    NodeResults.Builder results =
        NodeResults.newBuilder()
            .setNode(NodeInfo.newBuilder().setNodeId(NODE_ID).setName("training"));
    results.addHits(
        SearchHit.newBuilder()
            .setFileId(FILE_ID)
            .setName("training.pdf")
            .setPath("docs/training.pdf")
            .setSize(3 << 20)
            .setType(FileType.FILE_TYPE_DOCUMENT)
            .setSha256("00".repeat(32))
            .putMetadata("title", "Training")
            .addMatchedBy("name")
            .addSnippets(
                Snippet.newBuilder()
                    .setField("title")
                    .setText("Training")
                    .addMarks(Mark.newBuilder().setStart(0).setEnd(8))));
    events.onNext(SearchEvent.newBuilder().setResults(results).build());
    events.onNext(
        SearchEvent.newBuilder()
            .setSummary(
                SearchSummary.newBuilder()
                    .setNodes(1)
                    .setAnswered(1)
                    .addOutcomes(
                        NodeOutcome.newBuilder()
                            .setNode(results.getNode())
                            .setState(NodeOutcome.State.STATE_ANSWERED)
                            .setElapsedMillis(1)
                            .setHits(1)))
            .build());
    events.onCompleted();
  }

  @Override
  public void plugins(PluginsRequest request, StreamObserver<PluginsResponse> responses) {
    responses.onNext(
        PluginsResponse.newBuilder()
            .setPluginsDir(dir.toString())
            .addPlugins(
                PluginInfo.newBuilder()
                    .setId("training")
                    .setVersion("1.0")
                    .setState("STARTED")
                    .addExtensions("extractor Training (title)"))
            .build());
    responses.onCompleted();
  }
}
