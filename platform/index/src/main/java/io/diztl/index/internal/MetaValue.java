package io.diztl.index.internal;

import io.diztl.api.metadata.FieldType;
import java.time.Instant;
import java.util.Objects;

/**
 * One metadata value of a file as the index keeps it.
 *
 * @param field the field name as users type it
 * @param type how the field is indexed
 * @param value a {@link String} for text and keyword fields, a {@link Double} for numbers, an
 *     {@link Instant} for dates
 */
public record MetaValue(String field, FieldType type, Object value) {

  /** Checks that the value's class fits the type. */
  public MetaValue {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Class<?> expected =
        switch (type) {
          case TEXT, KEYWORD -> String.class;
          case NUMBER -> Double.class;
          case DATE -> Instant.class;
        };
    if (!expected.isInstance(value)) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' of type "
              + type
              + " needs a "
              + expected.getSimpleName()
              + ", found a "
              + value.getClass().getSimpleName());
    }
  }
}
