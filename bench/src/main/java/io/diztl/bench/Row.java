package io.diztl.bench;

import java.util.List;

/**
 * One figure of the report: diztl's samples (one per run) and, when there is one, the reference
 * tool's samples from the same run.
 *
 * @param figure what was measured
 * @param unit unit of the samples
 * @param diztl diztl's samples
 * @param reference the reference tool, or empty for none
 * @param referenceSamples its samples, empty for none
 * @param higherIsBetter whether the ratio is diztl / reference (true) or reference / diztl
 * @param target the target, as text
 * @param met whether the target is met: "yes", "no" or "n/a"
 * @param decimals decimals shown
 */
record Row(
    String figure,
    String unit,
    List<Double> diztl,
    String reference,
    List<Double> referenceSamples,
    boolean higherIsBetter,
    String target,
    String met,
    int decimals) {

  /** A row without reference. */
  static Row alone(
      String figure, String unit, List<Double> diztl, String target, String met, int decimals) {
    return new Row(figure, unit, diztl, "", List.of(), true, target, met, decimals);
  }

  /** diztl's figure relative to the reference (above 1 means diztl does better), or NaN. */
  double ratio() {
    if (referenceSamples.isEmpty() || diztl.isEmpty()) {
      return Double.NaN;
    }
    double ours = Stats.median(diztl);
    double theirs = Stats.median(referenceSamples);
    return higherIsBetter ? ours / theirs : theirs / ours;
  }

  /** "yes" or "no" from a condition. */
  static String met(boolean condition) {
    return condition ? "yes" : "no";
  }
}
