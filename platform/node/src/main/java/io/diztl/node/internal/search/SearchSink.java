package io.diztl.node.internal.search;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.SearchSummary;

/**
 * Where the results of one network search go, in diztl's own types: the control API's caller or a
 * user interface's listener. Calls come one at a time; {@link #finished} or {@link #failed} comes
 * last, and nothing comes after the search was cancelled.
 */
public interface SearchSink {

  /** One node's results, as soon as that node answered. */
  void results(NodeHits hits);

  /** The search is over. */
  void finished(SearchSummary summary);

  /** The search could not run, or broke off. */
  void failed(DiztlException error);
}
