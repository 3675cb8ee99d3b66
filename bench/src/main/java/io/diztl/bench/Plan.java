package io.diztl.bench;

import java.util.List;

/**
 * The sizes of one suite run.
 *
 * @param quick whether this is the quick run that only checks the harness works
 * @param runs measured runs of each figure
 * @param transferBytes size of the file downloaded and hashed
 * @param files files in the share that is indexed
 * @param visibilitySamples files created per run of the visibility figure
 * @param searchNodes node counts of the search round trip
 * @param searches searches measured per run and node count
 * @param trackerNodes nodes registered for the tracker load
 * @param trackerWindowSeconds length of one CPU measurement of the loaded tracker
 */
record Plan(
    boolean quick,
    int runs,
    long transferBytes,
    int files,
    int visibilitySamples,
    List<Integer> searchNodes,
    int searches,
    int trackerNodes,
    int trackerWindowSeconds) {

  static Plan full() {
    return new Plan(false, 3, 1L << 30, 100_000, 200, List.of(10, 100, 500), 200, 5_000, 20);
  }

  static Plan quickOne() {
    return new Plan(true, 1, 64L << 20, 5_000, 20, List.of(10), 30, 200, 3);
  }

  /** The transfer size as text, such as "1 GiB" or "64 MiB". */
  String transferSize() {
    return transferBytes >= 1L << 30
        ? (transferBytes >> 30) + " GiB"
        : (transferBytes >> 20) + " MiB";
  }
}
