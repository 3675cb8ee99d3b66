package io.diztl.index.internal;

import io.diztl.index.InvalidQueryException;

/**
 * One term of a query as the {@link QueryTokenizer} reads it.
 *
 * @param start index of the term's first character (its '-' when negated)
 * @param negated whether the term is written {@code -term}
 * @param field the lower-case field name before the operator, empty for a plain word or phrase
 * @param operator what joins field and value; {@link Operator#NONE} for a plain word or phrase
 * @param operatorStart index of the operator's first character, -1 without one
 * @param value the word, the phrase without its quotes, or the value after the operator
 * @param quoted whether the value was written in double quotes
 * @param valueStart index of the value's first character (its opening quote when quoted)
 */
record QueryTerm(
    int start,
    boolean negated,
    String field,
    Operator operator,
    int operatorStart,
    String value,
    boolean quoted,
    int valueStart) {

  /** What joins a field and its value. */
  enum Operator {
    NONE(""),
    EQUALS(":"),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** How the operator is written. */
    String symbol() {
      return symbol;
    }
  }

  /** Whether this is a plain word or phrase rather than {@code field:value}. */
  boolean isPlain() {
    return operator == Operator.NONE;
  }

  /** The field and operator as written, lower-cased: {@code artist:}, {@code size>=}. */
  String prefix() {
    return field + operator.symbol();
  }

  /** An error about this term's value: expected {@code expected}, found the value. */
  InvalidQueryException badValue(String expected) {
    return invalid(valueStart, "expected " + expected + ", found " + quote(value));
  }

  /**
   * The error {@code invalid query at character N: <detail>} for the character at index {@code
   * index} (N counts from 1).
   */
  static InvalidQueryException invalid(int index, String detail) {
    return new InvalidQueryException(index, detail);
  }

  /** {@code text} in single quotes, for messages. */
  static String quote(String text) {
    return "'" + text + "'";
  }
}
