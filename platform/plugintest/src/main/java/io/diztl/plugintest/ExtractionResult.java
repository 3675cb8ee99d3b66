package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.fail;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FieldType;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an extractor found in one file, with assertions that fail the test with a message listing
 * everything that was found. Assertions return {@code this} so that they chain.
 *
 * @since 0.1
 */
public final class ExtractionResult {

  private final FileSample file;
  private final Metadata metadata;

  ExtractionResult(FileSample file, Metadata metadata) {
    this.file = file;
    this.metadata = metadata;
  }

  /** The sample the extractor was given. */
  public FileSample file() {
    return file;
  }

  /** Every value found, in the order the extractor added them. */
  public List<Metadata.Value> values() {
    return metadata.values();
  }

  /** The values of one field, in order: strings, doubles or instants by the field's type. */
  public List<Object> values(String field) {
    Objects.requireNonNull(field, "field");
    return metadata.values().stream()
        .filter(value -> value.field().name().equals(field))
        .map(Metadata.Value::value)
        .toList();
  }

  /** The names of the fields that got at least one value, in order. */
  public Set<String> fieldNames() {
    Set<String> names = new LinkedHashSet<>();
    metadata.values().forEach(value -> names.add(value.field().name()));
    return names;
  }

  /** Whether nothing was found. */
  public boolean isEmpty() {
    return metadata.isEmpty();
  }

  /** Asserts that the text field has the value {@code expected}, exactly. */
  public ExtractionResult assertText(String field, String expected) {
    Objects.requireNonNull(expected, "expected");
    return assertValue(field, FieldType.TEXT, expected::equals, "'" + expected + "'");
  }

  /** Asserts that a value of the text field contains {@code fragment}, ignoring case. */
  public ExtractionResult assertTextContains(String field, String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    String wanted = fragment.toLowerCase(Locale.ROOT);
    return assertValue(
        field,
        FieldType.TEXT,
        value -> ((String) value).toLowerCase(Locale.ROOT).contains(wanted),
        "a text containing '" + fragment + "'");
  }

  /** Asserts that the keyword field has the value {@code expected}, ignoring case as queries do. */
  public ExtractionResult assertKeyword(String field, String expected) {
    Objects.requireNonNull(expected, "expected");
    return assertValue(
        field,
        FieldType.KEYWORD,
        value -> ((String) value).equalsIgnoreCase(expected),
        "'" + expected + "'");
  }

  /** Asserts that the number field has the value {@code expected}, exactly. */
  public ExtractionResult assertNumber(String field, double expected) {
    return assertNumber(field, expected, 0);
  }

  /** Asserts that the number field has a value within {@code tolerance} of {@code expected}. */
  public ExtractionResult assertNumber(String field, double expected, double tolerance) {
    return assertValue(
        field,
        FieldType.NUMBER,
        value -> Math.abs((Double) value - expected) <= tolerance,
        tolerance == 0 ? String.valueOf(expected) : expected + " +- " + tolerance);
  }

  /** Asserts that the date field has the value {@code expected}. */
  public ExtractionResult assertDate(String field, Instant expected) {
    Objects.requireNonNull(expected, "expected");
    return assertValue(field, FieldType.DATE, expected::equals, expected.toString());
  }

  /** Asserts that the field got no value. */
  public ExtractionResult assertAbsent(String field) {
    if (!values(field).isEmpty()) {
      fail("expected no value for '" + field + "' in " + file.name() + ", found " + describe());
    }
    return this;
  }

  /** Asserts that exactly these fields got values, no others. */
  public ExtractionResult assertOnlyFields(String... fields) {
    Set<String> expected = Set.of(fields);
    if (!fieldNames().equals(expected)) {
      fail(
          "expected values for exactly "
              + expected
              + " in "
              + file.name()
              + ", found "
              + describe());
    }
    return this;
  }

  private ExtractionResult assertValue(
      String field, FieldType type, Predicate<Object> matches, String expected) {
    Objects.requireNonNull(field, "field");
    List<Metadata.Value> found =
        metadata.values().stream().filter(value -> value.field().name().equals(field)).toList();
    FieldType actual = found.isEmpty() ? null : found.getFirst().field().type();
    if (actual != null && actual != type) {
      fail("field '" + field + "' is declared as " + actual + ", not " + type);
    }
    if (found.stream().map(Metadata.Value::value).noneMatch(matches)) {
      fail("expected " + field + " = " + expected + " in " + file.name() + ", found " + describe());
    }
    return this;
  }

  private String describe() {
    if (metadata.isEmpty()) {
      return "no values at all";
    }
    StringBuilder text = new StringBuilder();
    for (Metadata.Value value : metadata.values()) {
      FieldSpec spec = value.field();
      String shown = String.valueOf(value.value());
      text.append(text.isEmpty() ? "" : ", ")
          .append(spec.name())
          .append('=')
          .append(shown.length() > 80 ? shown.substring(0, 80) + "..." : shown);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return file.name() + ": " + describe();
  }
}
