package io.diztl.api.metadata;

/**
 * How a metadata field is indexed and queried.
 *
 * @since 0.1
 */
public enum FieldType {
  /** Free text split into words: {@code title:sunset} matches "Sunset over Lisbon". */
  TEXT,
  /** One exact value, compared without regard to case: {@code genre:jazz}. */
  KEYWORD,
  /** A number, compared with {@code = < <= > >=} and ranges: {@code pages>100}. */
  NUMBER,
  /** A point in time, compared like a number, written {@code 2019-07-14} in queries. */
  DATE
}
