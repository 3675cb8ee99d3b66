package io.diztl.index.internal;

import io.diztl.index.internal.QueryTerm.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits query text into {@link QueryTerm}s: plain words, {@code "phrases"}, {@code field:value}
 * and comparisons such as {@code size>=10M}, each maybe negated with a leading {@code -}. See
 * {@link QueryParser} for the language.
 */
final class QueryTokenizer {

  private final String text;
  private int at;

  private QueryTokenizer(String text) {
    this.text = text;
  }

  /**
   * The terms of {@code text}, in order.
   *
   * @throws io.diztl.api.DiztlException saying where the text is not valid
   */
  static List<QueryTerm> tokenize(String text) {
    QueryTokenizer tokenizer = new QueryTokenizer(text);
    List<QueryTerm> terms = new ArrayList<>();
    for (QueryTerm term = tokenizer.next(); term != null; term = tokenizer.next()) {
      terms.add(term);
    }
    return terms;
  }

  private QueryTerm next() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    if (at >= text.length()) {
      return null;
    }
    int start = at;
    boolean negated = text.charAt(at) == '-' && at + 1 < text.length() && !isSpace(at + 1);
    if (negated) {
      at++;
    }
    if (text.charAt(at) == '"') {
      int valueStart = at;
      String phrase = quoted();
      return new QueryTerm(start, negated, "", Operator.NONE, -1, phrase, true, valueStart);
    }
    int fieldEnd = identifierEnd(at);
    Operator operator = fieldEnd > at ? operatorAt(fieldEnd) : Operator.NONE;
    if (operator == Operator.NONE) {
      int end = at;
      while (end < text.length() && !isSpace(end) && text.charAt(end) != '"') {
        end++;
      }
      String word = text.substring(at, end);
      int valueStart = at;
      at = end;
      return new QueryTerm(start, negated, "", Operator.NONE, -1, word, false, valueStart);
    }
    String field = text.substring(at, fieldEnd).toLowerCase(Locale.ROOT);
    int valueStart = fieldEnd + operator.symbol().length();
    at = valueStart;
    if (at >= text.length() || isSpace(at)) {
      throw QueryTerm.invalid(
          at,
          "expected a value after "
              + QueryTerm.quote(field + operator.symbol())
              + ", found "
              + describe(at));
    }
    if (text.charAt(at) == '"') {
      String phrase = quoted();
      if (phrase.isBlank()) {
        throw QueryTerm.invalid(
            valueStart,
            "expected a value inside the quotes after "
                + QueryTerm.quote(field + operator.symbol())
                + ", found an empty phrase");
      }
      return new QueryTerm(start, negated, field, operator, fieldEnd, phrase, true, valueStart);
    }
    int end = at;
    while (end < text.length() && !isSpace(end)) {
      end++;
    }
    String value = text.substring(at, end);
    at = end;
    return new QueryTerm(start, negated, field, operator, fieldEnd, value, false, valueStart);
  }

  /** Reads a phrase starting at the opening quote at {@link #at}; {@code \"} is a quote in it. */
  private String quoted() {
    int open = at;
    StringBuilder phrase = new StringBuilder();
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
        phrase.append('"');
        i++;
      } else if (c == '"') {
        at = i + 1;
        return phrase.toString();
      } else {
        phrase.append(c);
      }
    }
    throw QueryTerm.invalid(
        open, "expected a closing '\"' for the phrase opened here, found the end of the query");
  }

  /** The end of a field name starting at {@code from}: a letter, then letters, digits or '_'. */
  private int identifierEnd(int from) {
    if (!isAsciiLetter(text.charAt(from))) {
      return from;
    }
    int end = from + 1;
    while (end < text.length()
        && (isAsciiLetter(text.charAt(end))
            || (text.charAt(end) >= '0' && text.charAt(end) <= '9')
            || text.charAt(end) == '_')) {
      end++;
    }
    return end;
  }

  private Operator operatorAt(int index) {
    if (index >= text.length()) {
      return Operator.NONE;
    }
    char c = text.charAt(index);
    boolean equalsNext = index + 1 < text.length() && text.charAt(index + 1) == '=';
    return switch (c) {
      case ':' -> Operator.EQUALS;
      case '>' -> equalsNext ? Operator.GREATER_OR_EQUAL : Operator.GREATER;
      case '<' -> equalsNext ? Operator.LESS_OR_EQUAL : Operator.LESS;
      default -> Operator.NONE;
    };
  }

  private String describe(int index) {
    return index >= text.length() ? "the end of the query" : "a space";
  }

  private boolean isSpace(int index) {
    return Character.isWhitespace(text.charAt(index));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
