package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchSummary;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialWriterTest {

  @Test
  void eventsFromManyThreadsReachTheCallOneAtATimeWithTheLastOneLast() throws Exception {
    Recording out = new Recording();
    SerialWriter writer = new SerialWriter(out);
    int threads = 8;
    int each = 500;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      senders.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < each; i++) {
                      writer.send(result(i));
                    }
                  }));
    }
    go.countDown();
    for (Thread sender : senders) {
      sender.join();
    }
    writer.finish(summary());
    writer.send(result(-1));

    assertFalse(out.overlapped.get(), "two writers at once");
    assertEquals(threads * each + 1, out.events.size());
    assertTrue(out.events.getLast().hasSummary(), "the summary last");
    assertEquals(1, out.completed.get());
  }

  @Test
  void nothingIsWrittenOnceTheCallerHasGone() {
    Recording out = new Recording();
    out.cancelled = true;
    SerialWriter writer = new SerialWriter(out);
    writer.send(result(1));
    writer.finish(summary());
    assertTrue(out.events.isEmpty());
    assertEquals(0, out.completed.get());
  }

  private static SearchEvent result(int elapsed) {
    return SearchEvent.newBuilder()
        .setResults(NodeResults.newBuilder().setElapsedMillis(elapsed))
        .build();
  }

  private static SearchEvent summary() {
    return SearchEvent.newBuilder().setSummary(SearchSummary.newBuilder().setNodes(1)).build();
  }

  /** Records what reaches the call, and whether two threads were ever inside it at once. */
  private static final class Recording extends ServerCallStreamObserver<SearchEvent> {
    private final List<SearchEvent> events = new ArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicBoolean overlapped = new AtomicBoolean();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile boolean cancelled;

    @Override
    public void onNext(SearchEvent value) {
      if (inside.incrementAndGet() > 1) {
        overlapped.set(true);
      }
      events.add(value);
      Thread.onSpinWait();
      inside.decrementAndGet();
    }

    @Override
    public void onError(Throwable t) {
      throw new AssertionError("no errors are written", t);
    }

    @Override
    public void onCompleted() {
      completed.incrementAndGet();
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}
  }
}
