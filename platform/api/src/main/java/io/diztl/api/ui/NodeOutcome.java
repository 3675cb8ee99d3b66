package io.diztl.api.ui;

import java.util.Objects;

/**
 * How one node fared in a network search.
 *
 * @param nodeId the node's id
 * @param nodeName its human-readable name
 * @param state whether it answered, failed or ran out of time
 * @param elapsedMillis from sending it the search until its answer or failure
 * @param hits how many results it sent
 * @param error why it failed, empty when it answered
 * @since 0.2
 */
public record NodeOutcome(
    String nodeId, String nodeName, State state, long elapsedMillis, int hits, String error) {

  /** How a node's part of a search ended. */
  public enum State {
    /** It answered in time, with or without hits. */
    ANSWERED,
    /** It failed or could not be reached. */
    FAILED,
    /** It did not answer in time. */
    TIMED_OUT,
    /** It was not waited for: it timed out its recent searches. */
    SKIPPED
  }

  /** Checks the parts. */
  public NodeOutcome {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(error, "error");
  }
}
