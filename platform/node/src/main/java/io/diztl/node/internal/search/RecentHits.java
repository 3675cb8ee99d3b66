package io.diztl.node.internal.search;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.SearchSummary;
import io.diztl.node.FileRef;
import io.diztl.node.internal.transfer.ExpectedFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size and hash of each file in this node's recent search results, by reference, so that a
 * download of a result (from the command line or a user interface, which pass only the reference)
 * refuses a peer that announces another file than its result did. Thread-safe.
 */
public final class RecentHits {

  /** Results remembered; the least recently used go first. */
  static final int CAPACITY = 10_000;

  private final Map<String, ExpectedFile> byRef =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExpectedFile> eldest) {
          return size() > CAPACITY;
        }
      };

  /** What the latest result for {@code ref} said, or {@link ExpectedFile#UNKNOWN}. */
  public synchronized ExpectedFile expected(FileRef ref) {
    return byRef.getOrDefault(ref.toString(), ExpectedFile.UNKNOWN);
  }

  /** {@code sink}, remembering the results that pass through it. */
  public SearchSink recording(SearchSink sink) {
    return new SearchSink() {
      @Override
      public void results(NodeHits hits) {
        remember(hits);
        sink.results(hits);
      }

      @Override
      public void finished(SearchSummary summary) {
        sink.finished(summary);
      }

      @Override
      public void failed(DiztlException error) {
        sink.failed(error);
      }
    };
  }

  private synchronized void remember(NodeHits hits) {
    for (NetworkHit hit : hits.hits()) {
      byRef.put(hit.ref(), new ExpectedFile(hit.size(), hit.sha256()));
    }
  }
}
