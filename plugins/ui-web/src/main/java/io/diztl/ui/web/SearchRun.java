package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.SearchListener;
import io.diztl.api.ui.SearchSummary;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One network search running in the server: the results accumulate here, per node as they come and
 * grouped by content hash, for pages and API clients to follow. Thread-safe; readers wait for
 * changes with {@link #awaitChange}.
 */
final class SearchRun implements SearchListener {

  /** What a node sent before the summary came. */
  private record Arrival(String nodeName, int hits, long millis) {}

  private final String id;
  private final SearchForm form;
  private final long startNanos = System.nanoTime();
  private final List<List<NetworkHit>> batches = new ArrayList<>();
  private final Map<String, List<NetworkHit>> groups = new LinkedHashMap<>();
  private final Map<String, Arrival> arrivals = new LinkedHashMap<>();
  private int hitCount;
  private long version;
  private SearchSummary summary;
  private DiztlException error;
  private Cancellable handle = () -> {};
  private boolean closed;

  private SearchRun(String id, SearchForm form) {
    this.id = id;
    this.form = form;
  }

  /**
   * Starts a search; an invalid query, refused at once by the node, leaves the run failed.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} when the form's filters are wrong
   */
  static SearchRun start(NodeFacade node, String id, SearchForm form) {
    SearchQuery query = form.toQuery();
    SearchRun run = new SearchRun(id, form);
    try {
      Cancellable handle = node.search(query, run);
      synchronized (run) {
        run.handle = handle;
      }
    } catch (DiztlException e) {
      run.failed(e);
    }
    return run;
  }

  String id() {
    return id;
  }

  SearchForm form() {
    return form;
  }

  @Override
  public synchronized void results(List<NetworkHit> hits) {
    if (ended()) {
      return;
    }
    List<NetworkHit> batch = List.copyOf(hits);
    batches.add(batch);
    for (NetworkHit hit : batch) {
      String key = hit.sha256().isEmpty() ? "ref:" + hit.ref() : hit.sha256();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(hit);
    }
    hitCount += batch.size();
    if (!batch.isEmpty()) {
      NetworkHit first = batch.getFirst();
      Arrival before = arrivals.get(first.nodeId());
      arrivals.put(
          first.nodeId(),
          new Arrival(
              first.nodeName(),
              batch.size() + (before == null ? 0 : before.hits()),
              (System.nanoTime() - startNanos) / 1_000_000));
    }
    changed();
  }

  @Override
  public synchronized void finished(SearchSummary summary) {
    if (!ended()) {
      this.summary = summary;
      changed();
    }
  }

  @Override
  public synchronized void failed(DiztlException error) {
    if (!ended()) {
      this.error = error;
      changed();
    }
  }

  /** Stops asking the nodes; what came so far stays. */
  void cancel() {
    Cancellable toCancel;
    synchronized (this) {
      toCancel = handle;
    }
    toCancel.cancel();
  }

  /** Cancels the search and wakes its readers for good (the server is stopping). */
  void close() {
    cancel();
    synchronized (this) {
      closed = true;
      notifyAll();
    }
  }

  synchronized boolean ended() {
    return summary != null || error != null;
  }

  /** The error the search failed with, or null. */
  synchronized DiztlException error() {
    return error;
  }

  /** The summary, or null before the end. */
  synchronized SearchSummary summary() {
    return summary;
  }

  synchronized long version() {
    return version;
  }

  /** Waits until the version is past {@code seen} or the search ended; returns the version. */
  synchronized long awaitChange(long seen, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (version <= seen && !ended() && !closed) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return version;
  }

  /** What a page or API stream does when a run it follows changes. */
  interface Follower {
    /**
     * Called after each change, and once more when the run ended.
     *
     * @return false to stop following
     */
    boolean changed(boolean ended) throws IOException, InterruptedException;
  }

  /**
   * Follows the run on an event stream: calls {@code follower} after each change, pings the client
   * while nothing changes, and returns when the run ended, the client left, the server stops or the
   * follower says so.
   */
  void follow(EventStream stream, Shutdown shutdown, Duration ping, Follower follower)
      throws IOException, InterruptedException {
    long seen = -1;
    while (stream.open() && !shutdown.stopping()) {
      long current = awaitChange(seen, ping);
      boolean ended = ended();
      if (current == seen && !ended) {
        stream.ping();
        continue;
      }
      seen = current;
      if (!follower.changed(ended) || ended) {
        return;
      }
    }
  }

  /** The per-node batches from index {@code from} on. */
  synchronized List<List<NetworkHit>> batches(int from) {
    return List.copyOf(batches.subList(Math.min(from, batches.size()), batches.size()));
  }

  /** Every hit so far, in arrival order. */
  synchronized List<NetworkHit> hits() {
    return batches.stream().flatMap(List::stream).toList();
  }

  /** One page of the grouped results, sorted. */
  ResultsView view(Sort sort, boolean desc, int page, int pageSize, Map<String, String> downloads) {
    List<Group> all;
    boolean running;
    String line;
    List<String> nodeLines;
    String failure;
    int hits;
    synchronized (this) {
      all = new ArrayList<>(groups.size());
      groups.forEach((key, list) -> all.add(new Group(key.startsWith("ref:") ? "" : key, list)));
      running = !ended();
      hits = hitCount;
      line = summaryLine(all.size());
      nodeLines = nodeLines();
      failure = error == null ? "" : Errors.message(error);
    }
    all.sort(sort.comparator(desc));
    int pages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
    int number = Math.clamp(page, 1, pages);
    List<Group> slice =
        all.subList((number - 1) * pageSize, Math.min(all.size(), number * pageSize));
    return new ResultsView(
        id,
        form,
        List.copyOf(slice),
        number,
        pages,
        all.size(),
        hits,
        sort.key(),
        desc,
        running,
        line,
        nodeLines,
        failure,
        downloads);
  }

  private String summaryLine(int groupCount) {
    String found = Fmt.plural(hitCount, "result") + " in " + Fmt.plural(groupCount, "group");
    if (error != null) {
      return "Search failed · " + found;
    }
    if (summary == null) {
      return "Searching… " + Fmt.plural(arrivals.size(), "node") + " answered so far · " + found;
    }
    String line =
        Fmt.plural(summary.nodes(), "node")
            + " asked: "
            + summary.answered()
            + " answered, "
            + summary.failed()
            + " failed, "
            + summary.timedOut()
            + " timed out"
            + (summary.skipped() > 0 ? ", " + summary.skipped() + " skipped" : "")
            + " · "
            + found;
    return summary.note().isEmpty() ? line : line + " · " + summary.note();
  }

  private List<String> nodeLines() {
    List<String> lines = new ArrayList<>();
    if (summary != null && !summary.outcomes().isEmpty()) {
      for (NodeOutcome outcome : summary.outcomes()) {
        String name = outcome.nodeName().isEmpty() ? outcome.nodeId() : outcome.nodeName();
        lines.add(
            switch (outcome.state()) {
              case ANSWERED ->
                  name
                      + ": answered in "
                      + Fmt.millis(outcome.elapsedMillis())
                      + ", "
                      + Fmt.plural(outcome.hits(), "result");
              case FAILED ->
                  name
                      + ": failed after "
                      + Fmt.millis(outcome.elapsedMillis())
                      + ": "
                      + outcome.error();
              case TIMED_OUT -> name + ": timed out after " + Fmt.millis(outcome.elapsedMillis());
              case SKIPPED ->
                  name + ": skipped (it timed out recently; asked again in the background)";
            });
      }
      return lines;
    }
    arrivals.forEach(
        (nodeId, arrival) ->
            lines.add(
                (arrival.nodeName().isEmpty() ? nodeId : arrival.nodeName())
                    + ": answered in "
                    + Fmt.millis(arrival.millis())
                    + ", "
                    + Fmt.plural(arrival.hits(), "result")));
    return lines;
  }

  private void changed() {
    version++;
    notifyAll();
  }
}
