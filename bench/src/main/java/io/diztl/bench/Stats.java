package io.diztl.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Medians, ranges and percentiles of measured samples. */
final class Stats {

  private Stats() {}

  /** The median of {@code samples} (mean of the middle two for an even count). */
  static double median(List<Double> samples) {
    List<Double> sorted = sorted(samples);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The nearest-rank percentile {@code p} (0-100) of {@code samples}. */
  static double percentile(List<Double> samples, double p) {
    List<Double> sorted = sorted(samples);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
  }

  static double min(List<Double> samples) {
    return sorted(samples).getFirst();
  }

  static double max(List<Double> samples) {
    return sorted(samples).getLast();
  }

  /** "median (min-max)", or just the value for one sample. */
  static String summary(List<Double> samples, int decimals) {
    if (samples.isEmpty()) {
      return "n/a";
    }
    String median = format(median(samples), decimals);
    if (samples.size() == 1) {
      return median;
    }
    return median + " (" + format(min(samples), decimals) + "-" + format(max(samples), decimals) + ")";
  }

  static String format(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static List<Double> sorted(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted;
  }
}
