package io.diztl.api.ui;

import java.util.List;
import java.util.Objects;

/**
 * How one network search went, node by node.
 *
 * @param nodes nodes asked
 * @param answered nodes that answered in time, with or without hits
 * @param failed nodes that failed or could not be reached
 * @param timedOut nodes that did not answer in time
 * @param skipped nodes not waited for because they timed out their recent searches (the tracker
 *     asks them again in the background)
 * @param note a remark for the user (such as "tracker unreachable: results from this node only"),
 *     empty if none
 * @param outcomes one entry per node asked, in the order they ended; may be empty when the tracker
 *     did not report them
 * @since 0.2
 */
public record SearchSummary(
    int nodes,
    int answered,
    int failed,
    int timedOut,
    int skipped,
    String note,
    List<NodeOutcome> outcomes) {

  /** Checks the parts and copies the list. */
  public SearchSummary {
    Objects.requireNonNull(note, "note");
    outcomes = List.copyOf(outcomes);
  }
}
