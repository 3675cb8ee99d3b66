package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diztl.proto.v1.RelayAnswer;
import io.diztl.proto.v1.RelayFailure;
import io.diztl.proto.v1.SearchHit;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One node's relay stream over a fake call: what it sends, and which answers count. */
class NodeStreamTest {

  private static final byte[] QUERY = {1, 2, 3};

  @SuppressWarnings("unchecked")
  private final ServerCall<Object, byte[]> call = mock(ServerCall.class);

  private NodeStream stream;

  @BeforeEach
  void open() {
    when(call.isReady()).thenReturn(true);
    stream = new NodeStream("node", call);
  }

  /** Records what it heard. */
  private static final class Recorder implements NodeStream.Waiter {
    final List<List<SearchHit>> answers = new ArrayList<>();
    final List<Status> failures = new ArrayList<>();
    int lost;

    @Override
    public void answered(List<SearchHit> hits) {
      answers.add(List.copyOf(hits));
    }

    @Override
    public void failed(Status status) {
      failures.add(status);
    }

    @Override
    public void lost() {
      lost++;
    }

    int heard() {
      return answers.size() + failures.size() + lost;
    }
  }

  private static SearchHit hit(String name) {
    return SearchHit.newBuilder().setFileId("id-" + name).setName(name).build();
  }

  private static RelayAnswer part(long id, boolean done, String... names) {
    RelayAnswer.Builder answer = RelayAnswer.newBuilder().setSearchId(id).setDone(done);
    for (String name : names) {
      answer.addHits(hit(name));
    }
    return answer.build();
  }

  @Test
  void sendsTheQueryAfterItsHeadersAndHandsTheAnswerInPartsToItsWaiter() {
    Recorder waiter = new Recorder();

    assertEquals(NodeStream.Sent.SENT, stream.send(7, QUERY, waiter));
    stream.received(part(7, false, "a", "b"));
    assertEquals(0, waiter.heard());
    stream.received(part(7, true, "c"));

    verify(call).sendHeaders(any(Metadata.class));
    verify(call).sendMessage(QUERY);
    assertEquals(List.of(List.of(hit("a"), hit("b"), hit("c"))), waiter.answers);
    assertEquals(0, stream.waiting());
  }

  @Test
  void ignoresAnswersToSearchesItWasNotSentOrNoLongerWaitsFor() {
    Recorder waiter = new Recorder();
    stream.send(7, QUERY, waiter);

    stream.received(part(8, true, "other"));
    assertTrue(stream.forget(7, waiter));
    stream.received(part(7, true, "late"));

    assertEquals(0, waiter.heard());
    assertFalse(stream.forget(7, waiter));
  }

  @Test
  void forgetsOnlyItsOwnWaiter() {
    Recorder first = new Recorder();
    stream.send(7, QUERY, first);

    assertFalse(stream.forget(7, new Recorder()));
    stream.received(part(7, true, "a"));

    assertEquals(1, first.answers.size());
  }

  @Test
  void passesTheNodesFailureWithItsCode() {
    Recorder waiter = new Recorder();
    stream.send(7, QUERY, waiter);

    stream.received(
        RelayAnswer.newBuilder()
            .setSearchId(7)
            .setDone(true)
            .setFailure(
                RelayFailure.newBuilder()
                    .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                    .setDescription("busy"))
            .build());

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, waiter.failures.getFirst().getCode());
    assertEquals("busy", waiter.failures.getFirst().getDescription());
  }

  @Test
  void refusesAnAnswerLargerThanANodeMaySend() {
    Recorder waiter = new Recorder();
    stream.send(7, QUERY, waiter);
    SearchHit big = SearchHit.newBuilder().setName("x".repeat(256 * 1024)).build();
    int parts = SearchRelay.MAX_NODE_ANSWER_BYTES / big.getSerializedSize() + 1;

    for (int i = 0; i < parts; i++) {
      stream.received(RelayAnswer.newBuilder().setSearchId(7).addHits(big).build());
    }
    stream.received(part(7, true));

    assertEquals(List.of(), waiter.answers);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, waiter.failures.getFirst().getCode());
  }

  @Test
  void sendsNothingWhileTheCallIsNotReady() {
    when(call.isReady()).thenReturn(false);

    assertEquals(NodeStream.Sent.BACKED_UP, stream.send(7, QUERY, new Recorder()));

    verify(call, never()).sendMessage(any());
    assertEquals(0, stream.waiting());
  }

  @Test
  void sendsNothingBeyondTheSearchesANodeMayLeaveUnanswered() {
    for (int i = 0; i < NodeStream.MAX_WAITING; i++) {
      assertEquals(NodeStream.Sent.SENT, stream.send(i, QUERY, new Recorder()));
    }

    assertEquals(NodeStream.Sent.BACKED_UP, stream.send(-1, QUERY, new Recorder()));
    verify(call, times(NodeStream.MAX_WAITING)).sendMessage(QUERY);
  }

  @Test
  void endingTellsEveryWaiterItIsLostAndClosesTheCallOnce() {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    stream.send(1, QUERY, first);
    stream.send(2, QUERY, second);

    stream.end(Status.UNAVAILABLE, true);
    stream.end(Status.CANCELLED, true);

    assertEquals(1, first.lost);
    assertEquals(1, second.lost);
    verify(call, times(1)).close(any(Status.class), any(Metadata.class));
    assertEquals(NodeStream.Sent.ENDED, stream.send(3, QUERY, new Recorder()));
  }
}
