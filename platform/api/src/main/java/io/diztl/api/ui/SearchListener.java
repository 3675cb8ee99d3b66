package io.diztl.api.ui;

import java.util.List;

/**
 * Receives the results of one {@link NodeFacade#search}, on a node thread, one call at a time.
 *
 * @since 0.1
 */
public interface SearchListener {

  /** One node's results. */
  void results(List<NetworkHit> hits);

  /**
   * The search is over.
   *
   * @param nodes nodes asked
   * @param answered nodes that answered
   * @param failed nodes that failed or could not be reached
   * @param timedOut nodes that did not answer in time
   * @param note a remark for the user, empty if none
   */
  void finished(int nodes, int answered, int failed, int timedOut, String note);

  /** The search could not run; {@code message} says why. */
  void failed(String message);
}
