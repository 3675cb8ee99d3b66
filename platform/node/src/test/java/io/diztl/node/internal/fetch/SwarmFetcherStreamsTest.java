package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.node.internal.ScriptedPeers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many streams each source gets; the fetching itself runs over real nodes in the ITs. */
class SwarmFetcherStreamsTest {

  private static final long MIB = 1 << 20;

  @TempDir Path partialDir;

  private SwarmFetcher fetcher(int streamsPerSource) {
    return new SwarmFetcher(
        null,
        new ScriptedPeers(),
        null,
        partialDir,
        ReceiveLimits.DEFAULTS,
        null,
        null,
        streamsPerSource);
  }

  @Test
  void aLargeFileGetsTheConfiguredStreamsASmallOneOne() {
    SwarmFetcher fetcher = fetcher(2);
    assertEquals(1, fetcher.streams(10));
    assertEquals(1, fetcher.streams(2 * SwarmFetcher.MIN_STREAM_BYTES - 1));
    assertEquals(2, fetcher.streams(2 * SwarmFetcher.MIN_STREAM_BYTES));
    assertEquals(2, fetcher.streams(1024 * MIB));
    assertEquals(3, fetcher(3).streams(1024 * MIB));
    assertEquals(1, fetcher(1).streams(1024 * MIB));
  }

  @Test
  void atLeastOneStreamPerSource() {
    assertThrows(IllegalArgumentException.class, () -> fetcher(0));
  }
}
