package io.diztl.ui.web;

import io.diztl.api.ui.NodeFacade;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The searches started from the pages, by id, and the last {@link #HISTORY} queries. Keeps the
 * {@link #KEPT} most recently used searches; older ones are cancelled and forgotten. Thread-safe.
 */
final class SearchRuns {

  static final int KEPT = 32;
  static final int HISTORY = 50;

  private final NodeFacade node;
  private final Map<String, SearchRun> runs = new LinkedHashMap<>(16, 0.75f, true);
  private final Deque<SearchForm> history = new ArrayDeque<>();

  SearchRuns(NodeFacade node) {
    this.node = node;
  }

  /** Starts a search of the form and remembers it and its query. */
  SearchRun start(SearchForm form) {
    SearchRun run = SearchRun.start(node, Secrets.token().substring(0, 16), form);
    SearchRun evicted = null;
    synchronized (this) {
      runs.put(run.id(), run);
      if (runs.size() > KEPT) {
        Iterator<SearchRun> oldest = runs.values().iterator();
        evicted = oldest.next();
        oldest.remove();
      }
      history.removeIf(past -> past.query().equals(form.query()));
      history.addFirst(form);
      while (history.size() > HISTORY) {
        history.removeLast();
      }
    }
    if (evicted != null) {
      evicted.cancel();
    }
    return run;
  }

  /** The search with this id, or null when unknown or forgotten. */
  synchronized SearchRun get(String id) {
    return id == null ? null : runs.get(id);
  }

  /** The last queries, newest first. */
  synchronized List<SearchForm> history() {
    return List.copyOf(history);
  }

  /** Cancels every search. */
  void close() {
    List<SearchRun> all;
    synchronized (this) {
      all = List.copyOf(runs.values());
      runs.clear();
    }
    all.forEach(SearchRun::close);
  }
}
