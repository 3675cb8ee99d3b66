package io.diztl.node.internal;

import io.diztl.proto.v1.SearchEvent;
import io.grpc.StatusRuntimeException;

/**
 * Where the events of one network search go: the control API's caller or a user interface. Calls
 * come one at a time; {@link #completed} or {@link #failed} comes last.
 */
public interface SearchSink {

  /** One node's results, or the summary. */
  void event(SearchEvent event);

  /** The search failed with this status. */
  void failed(StatusRuntimeException error);

  /** The search is over. */
  void completed();

  /** Whether whoever asked has gone away. */
  boolean cancelled();

  /**
   * Runs {@code onCancel} when whoever asked goes away; called at most once, before the first
   * event, on the thread that started the search.
   */
  void onCancel(Runnable onCancel);
}
