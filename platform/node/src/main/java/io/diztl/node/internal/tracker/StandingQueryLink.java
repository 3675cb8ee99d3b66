package io.diztl.node.internal.tracker;

import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.StandingQuery;

/** The tracker calls of standing queries; {@link TrackerLink} is the real one. */
public interface StandingQueryLink {

  /**
   * Registers (or renews) one of this node's standing queries; blocking, a few seconds at most.
   *
   * @throws io.diztl.api.DiztlException of the tracker's kind when it refuses the query, {@code
   *     UNAVAILABLE} when it cannot be reached
   */
  StandingQuery register(StandingQuery query);

  /** Cancels one of this node's standing queries; blocking, failures as {@link #register}. */
  void cancel(String id);

  /** Sends matches found here to the tracker in the background; a failure is only logged. */
  void report(ReportStandingMatchesRequest report);

  /** Whether the last registration or heartbeat reached the tracker. */
  boolean connected();
}
