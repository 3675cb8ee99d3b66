package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.piece.SwarmDownload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A swarm download's progress reaches the caller at most every {@code PROGRESS_NANOS}. */
class SwarmFetcherProgressTest {

  private static final long SIZE = 1L << 30;

  private final List<Long> told = new ArrayList<>();
  private long now = 1_000_000_000L;

  private final DownloadListener recorder =
      new DownloadListener() {
        @Override
        public void started(String name, long size, long resumedFrom) {}

        @Override
        public void progress(long received, long size) {
          assertEquals(SIZE, size);
          told.add(received);
        }
      };

  @Test
  void theFirstReportGoesAtOnceTheNextOnlyOnceTheIntervalPassed() {
    SwarmDownload.Listener listener = SwarmFetcher.throttled(recorder, SIZE, () -> now);

    listener.progress(0, SIZE);
    listener.progress(1 << 20, SIZE);
    now += SwarmFetcher.PROGRESS_NANOS - 1;
    listener.progress(64 << 20, SIZE);
    now += 1;
    listener.progress(65 << 20, SIZE);
    listener.progress(66 << 20, SIZE);

    assertEquals(List.of(0L, 65L << 20), told);
  }

  @Test
  void manyPiecesWithinOneIntervalMakeOneReport() {
    SwarmDownload.Listener listener = SwarmFetcher.throttled(recorder, SIZE, () -> now);

    for (long verified = 0; verified <= SIZE; verified += 512 << 10) {
      listener.progress(verified, SIZE);
      now += SwarmFetcher.PROGRESS_NANOS / 100;
    }

    // 2,049 pieces, one report per 100 of them.
    assertEquals(21, told.size());
  }
}
