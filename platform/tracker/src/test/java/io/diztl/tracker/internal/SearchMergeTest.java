package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchSummary;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class SearchMergeTest {

  @SuppressWarnings("unchecked")
  private final ServerCallStreamObserver<SearchEvent> out = mock(ServerCallStreamObserver.class);

  private final AtomicInteger ended = new AtomicInteger();

  @Test
  void forwardsResultsAndAddsUpTheSummariesOfEveryPart() {
    SearchMerge merge = new SearchMerge(out, 3, ended::incrementAndGet);
    merge.notAsked(4);
    StreamObserver<SearchEvent> own = merge.part("this tracker");
    StreamObserver<SearchEvent> other = merge.part("b:1");
    StreamObserver<SearchEvent> dead = merge.part("c:1");
    SearchEvent results = results("n1");
    own.onNext(results);
    own.onNext(summary(2, 2, 0, 1));
    own.onCompleted();
    dead.onError(Status.UNAVAILABLE.withDescription("gone").asRuntimeException());
    dead.onCompleted();
    other.onNext(summary(3, 1, 2, 0));
    verify(out, never()).onCompleted();
    other.onCompleted();

    SearchSummary expected =
        SearchSummary.newBuilder()
            .setNodes(5)
            .setAnswered(3)
            .setFailed(2)
            .setTimedOut(1)
            .setNotAsked(4)
            .setNote("tracker c:1 failed: UNAVAILABLE: gone")
            .build();
    InOrder order = inOrder(out);
    order.verify(out).onNext(results);
    order.verify(out).onNext(SearchEvent.newBuilder().setSummary(expected).build());
    order.verify(out).onCompleted();
    assertEquals(1, ended.get());
  }

  private static SearchEvent results(String node) {
    return SearchEvent.newBuilder()
        .setResults(NodeResults.newBuilder().setNode(NodeInfo.newBuilder().setNodeId(node)))
        .build();
  }

  private static SearchEvent summary(int nodes, int answered, int failed, int timedOut) {
    return SearchEvent.newBuilder()
        .setSummary(
            SearchSummary.newBuilder()
                .setNodes(nodes)
                .setAnswered(answered)
                .setFailed(failed)
                .setTimedOut(timedOut))
        .build();
  }
}
