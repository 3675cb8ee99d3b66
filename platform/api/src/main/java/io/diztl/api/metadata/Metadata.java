package io.diztl.api.metadata;

import io.diztl.api.DiztlException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The typed values extracted from one file. The platform hands an empty one to {@link
 * MetadataExtractor#extract}; the extractor adds values for the fields it declared. A field may
 * get several values (several artists, say). Blank text is ignored, so extractors need not check
 * for it.
 *
 * @since 0.1
 */
public final class Metadata {

  /** Longest text value kept; longer text (a book's content, say) is cut there. */
  public static final int MAX_TEXT_LENGTH = 200_000;

  /**
   * One value of a field.
   *
   * @param field the declared field
   * @param value a {@link String} for text and keyword fields, a {@link Double} for numbers, an
   *     {@link Instant} for dates
   */
  public record Value(FieldSpec field, Object value) {}

  private final Map<String, FieldSpec> declared;
  private final List<Value> values = new ArrayList<>();

  /** An empty set of values for these declared fields. */
  public Metadata(Collection<FieldSpec> fields) {
    this.declared =
        fields.stream().collect(Collectors.toUnmodifiableMap(FieldSpec::name, Function.identity()));
  }

  /** Adds a value to a {@link FieldType#TEXT} field. */
  public Metadata text(String field, String value) {
    if (value != null && !value.isBlank()) {
      String text = value.strip();
      add(field, FieldType.TEXT, text.length() > MAX_TEXT_LENGTH ? text.substring(0, MAX_TEXT_LENGTH) : text);
    }
    return this;
  }

  /** Adds a value to a {@link FieldType#KEYWORD} field. */
  public Metadata keyword(String field, String value) {
    if (value != null && !value.isBlank()) {
      add(field, FieldType.KEYWORD, value.strip());
    }
    return this;
  }

  /** Adds a value to a {@link FieldType#NUMBER} field; NaN and infinities are refused. */
  public Metadata number(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new DiztlException("field '" + field + "' needs a finite number, found " + value);
    }
    add(field, FieldType.NUMBER, value);
    return this;
  }

  /** Adds a value to a {@link FieldType#DATE} field. */
  public Metadata date(String field, Instant value) {
    Objects.requireNonNull(value, "value");
    add(field, FieldType.DATE, value);
    return this;
  }

  /** The values added so far, in order. */
  public List<Value> values() {
    return List.copyOf(values);
  }

  /** Whether no value was added. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  private void add(String field, FieldType type, Object value) {
    Objects.requireNonNull(field, "field");
    FieldSpec spec = declared.get(field);
    if (spec == null) {
      throw new DiztlException(
          "field '" + field + "' was not declared by this extractor; declared: " + declared.keySet());
    }
    if (spec.type() != type) {
      throw new DiztlException(
          "field '" + field + "' is declared as " + spec.type() + ", not " + type);
    }
    values.add(new Value(spec, value));
  }
}
