package io.diztl.testkit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests that scrape {@code GET
 * /metrics}: it refuses what a Prometheus server would refuse (malformed names, labels or values, a
 * {@code TYPE} after its samples or twice, a family whose samples are split, a series given twice,
 * a histogram bucket without {@code le}) with an {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern VALUE =
      Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.)");
  private static final Map<String, List<String>> SUFFIXES =
      Map.of(
          "counter", List.of("_total", "_created"),
          "histogram", List.of("_bucket", "_sum", "_count", "_created"),
          "summary", List.of("_sum", "_count", "_created"));

  private final Map<String, String> types;
  private final Map<String, Map<Map<String, String>, Double>> samples;

  private PrometheusText(
      Map<String, String> types, Map<String, Map<Map<String, String>, Double>> samples) {
    this.types = types;
    this.samples = samples;
  }

  /**
   * Parses a whole scrape.
   *
   * @throws IllegalArgumentException at the first line that breaks the format
   */
  public static PrometheusText parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a line break");
    }
    Map<String, String> types = new HashMap<>();
    Map<String, Map<Map<String, String>, Double>> samples = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    String current = null;
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          Matcher type = TYPE.matcher(line);
          if (type.matches()) {
            String family = type.group(1);
            if (types.containsKey(family) || seen.contains(family)) {
              throw new IllegalArgumentException(
                  "TYPE of " + family + " given twice or after its samples");
            }
            types.put(family, type.group(2));
          } else if (line.startsWith("# TYPE") || line.startsWith("# HELP")) {
            if (!HELP.matcher(line).matches()) {
              throw new IllegalArgumentException("malformed TYPE or HELP line");
            }
          }
          continue;
        }
        Sample sample = sample(line);
        String family = family(sample.name, types);
        if (!family.equals(current)) {
          if (!seen.add(family)) {
            throw new IllegalArgumentException("samples of " + family + " are not together");
          }
          current = family;
        }
        if ("histogram".equals(types.get(family))
            && sample.name.endsWith("_bucket")
            && !sample.labels.containsKey("le")) {
          throw new IllegalArgumentException("a histogram bucket without le");
        }
        if (samples
                .computeIfAbsent(sample.name, name -> new LinkedHashMap<>())
                .put(sample.labels, sample.value)
            != null) {
          throw new IllegalArgumentException("the series is given twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + number + " '" + line + "': " + e.getMessage(), e);
      }
    }
    return new PrometheusText(types, samples);
  }

  /** The declared type of a metric family, or null when it has no {@code TYPE} line. */
  public String type(String family) {
    return types.get(family);
  }

  /** Whether any sample has this exact name. */
  public boolean has(String name) {
    return samples.containsKey(name);
  }

  /**
   * The sum of every series named {@code name} whose labels include {@code labelPairs} (name,
   * value, name, value...); 0 when none does.
   */
  public double sum(String name, String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    double total = 0;
    for (var series : samples.getOrDefault(name, Map.of()).entrySet()) {
      boolean matches = true;
      for (int i = 0; i < labelPairs.length; i += 2) {
        matches &= labelPairs[i + 1].equals(series.getKey().get(labelPairs[i]));
      }
      if (matches) {
        total += series.getValue();
      }
    }
    return total;
  }

  /** The label sets of every series named {@code name}. */
  public Set<Map<String, String>> series(String name) {
    return Set.copyOf(samples.getOrDefault(name, Map.of()).keySet());
  }

  /** The family a sample belongs to: its name less the suffix its family's type gives it. */
  private static String family(String name, Map<String, String> types) {
    for (var suffixes : SUFFIXES.entrySet()) {
      for (String suffix : suffixes.getValue()) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          if (suffixes.getKey().equals(types.get(base))) {
            return base;
          }
        }
      }
    }
    return name;
  }

  private record Sample(String name, Map<String, String> labels, double value) {}

  private static Sample sample(String line) {
    Matcher name = NAME.matcher(line);
    if (!name.lookingAt()) {
      throw new IllegalArgumentException("expected a metric name");
    }
    int at = name.end();
    Map<String, String> labels = new TreeMap<>();
    if (at < line.length() && line.charAt(at) == '{') {
      at = labels(line, at + 1, labels);
    }
    if (at >= line.length() || line.charAt(at) != ' ') {
      throw new IllegalArgumentException("expected a space before the value");
    }
    String[] rest = line.substring(at + 1).split(" ", -1);
    if (rest.length > 2 || !VALUE.matcher(rest[0]).matches()) {
      throw new IllegalArgumentException("expected a value and an optional timestamp");
    }
    if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
      throw new IllegalArgumentException("malformed timestamp");
    }
    return new Sample(name.group(), labels, Double.parseDouble(rest[0].replace("Inf", "Infinity")));
  }

  /** Reads {@code name="value",...}} from {@code at}; returns the index after the brace. */
  private static int labels(String line, int at, Map<String, String> into) {
    while (true) {
      if (at < line.length() && line.charAt(at) == '}') {
        return at + 1;
      }
      Matcher label = LABEL_NAME.matcher(line).region(at, line.length());
      if (!label.lookingAt() || !line.startsWith("=\"", label.end())) {
        throw new IllegalArgumentException("malformed label at column " + (at + 1));
      }
      StringBuilder value = new StringBuilder();
      int i = label.end() + 2;
      for (; i < line.length() && line.charAt(i) != '"'; i++) {
        char c = line.charAt(i);
        if (c == '\\') {
          char escaped = i + 1 < line.length() ? line.charAt(++i) : ' ';
          switch (escaped) {
            case '\\', '"' -> value.append(escaped);
            case 'n' -> value.append('\n');
            default -> throw new IllegalArgumentException("bad escape in a label value");
          }
        } else {
          value.append(c);
        }
      }
      if (i >= line.length()) {
        throw new IllegalArgumentException("unterminated label value");
      }
      if (into.put(label.group(), value.toString()) != null) {
        throw new IllegalArgumentException("label " + label.group() + " given twice");
      }
      at = i + 1;
      if (at < line.length() && line.charAt(at) == ',') {
        at++;
      } else if (at >= line.length() || line.charAt(at) != '}') {
        throw new IllegalArgumentException("expected , or } after a label");
      }
    }
  }
}
