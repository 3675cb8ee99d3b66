package io.diztl.api.ui;

import java.util.List;

/**
 * Receives the results of one {@link NodeFacade#search}, on a node thread, one call at a time.
 *
 * @since 0.1
 */
public interface SearchListener {

  /** One node's results, as soon as that node answered. */
  void results(List<NetworkHit> hits);

  /**
   * The search is over; nothing follows.
   *
   * @since 0.2
   */
  void finished(SearchSummary summary);

  /**
   * The search could not run; nothing follows.
   *
   * @param error what went wrong; {@link io.diztl.api.DiztlException#kind()} tells an invalid query
   *     ({@code INVALID_ARGUMENT}, the message gives the position) from a node failure
   * @since 0.2
   */
  void failed(io.diztl.api.DiztlException error);
}
