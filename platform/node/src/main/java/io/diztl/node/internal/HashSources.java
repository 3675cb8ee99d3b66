package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.SearchSummary;
import io.diztl.node.FileRef;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.RelayedSearch;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.node.internal.tracker.TrackerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every live node that has some content, with a {@code hash:} search through the tracker; the
 * answering nodes' addresses come with their hits, so no peer list is fetched.
 */
public final class HashSources {

  private static final Logger LOG = LoggerFactory.getLogger(HashSources.class);

  private final TrackerClient tracker;
  private final NodeDirectory nodes;
  private final Duration deadline;

  /** Searches through {@code tracker}, waiting at most {@code deadline} for the answers. */
  public HashSources(TrackerClient tracker, NodeDirectory nodes, Duration deadline) {
    this.tracker = tracker;
    this.nodes = nodes;
    this.deadline = deadline;
  }

  /**
   * The files of other nodes whose identity is {@code rootHex}, as far as the search found them
   * within the deadline; empty when the tracker cannot be reached.
   */
  public List<FileRef> find(String rootHex) {
    String root = rootHex.toLowerCase(Locale.ROOT);
    List<FileRef> found = new ArrayList<>();
    CountDownLatch over = new CountDownLatch(1);
    String self = nodes.self().nodeId();
    SearchSink sink =
        new SearchSink() {
          @Override
          public void results(NodeHits hits) {
            synchronized (found) {
              for (NetworkHit hit : hits.hits()) {
                if (hit.sha256().equals(root) && !hit.nodeId().equals(self)) {
                  found.add(FileRef.parse(hit.ref()));
                }
              }
            }
          }

          @Override
          public void finished(SearchSummary summary) {
            over.countDown();
          }

          @Override
          public void failed(DiztlException error) {
            LOG.info("Searching for other sources of {} failed: {}", root, error.getMessage());
            over.countDown();
          }
        };
    Runnable unanswered =
        () -> {
          LOG.info(
              "The tracker did not answer the search for other sources of {} within {} ms",
              root,
              deadline.toMillis());
          over.countDown();
        };
    RelayedSearch relay = new RelayedSearch(sink, nodes, hashes -> Set.of(), unanswered);
    relay.call(
        tracker.search(
            SearchMapping.toRequest(SearchQuery.ofText("hash:" + root)), deadline, relay));
    try {
      if (!over.await(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        relay.cancel();
      }
    } catch (InterruptedException e) {
      relay.cancel();
      Thread.currentThread().interrupt();
    }
    synchronized (found) {
      return List.copyOf(found);
    }
  }
}
