package io.diztl.plugins.regex;

import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.util.Objects;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.pf4j.Extension;

/**
 * {@code regex:"img_\d+\.jpe?g"}: files whose whole name matches a regular expression, without
 * regard to case. The syntax is Lucene's {@link RegExp} (with numeric intervals such as {@code
 * <1-12>}), which differs from {@code java.util.regex}: see docs/PLUGINS.md.
 */
@Extension
public final class RegexNameMatcher implements SearchMatcher {

  /** The longest expression accepted, in characters; names are far shorter. */
  static final int MAX_LENGTH = 1000;

  /** Syntax beyond the standard operators: numeric intervals only. */
  private static final int SYNTAX = RegExp.INTERVAL;

  /** Names are indexed lower-cased: letters and ranges such as {@code [A-Z]} match either case. */
  private static final int MATCH = RegExp.CASE_INSENSITIVE | RegExp.CASE_INSENSITIVE_RANGE;

  @Override
  public String prefix() {
    return "regex";
  }

  @Override
  public String description() {
    return "names matching a regular expression as a whole, ignoring case (Lucene syntax):"
        + " regex:\"img_\\d+\\.jpe?g\"";
  }

  @Override
  public Query toQuery(String argument, MatchFields fields) {
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(fields, "fields");
    if (argument.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "regular expression too long: at most "
              + MAX_LENGTH
              + " characters, found "
              + argument.length());
    }
    String expression = withoutAnchors(argument);
    RegExp parsed;
    try {
      parsed = new RegExp(expression, SYNTAX, MATCH);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid regular expression '" + argument + "': " + e.getMessage(), e);
    }
    if (AutomatonSize.of(parsed) > AutomatonSize.LIMIT) {
      throw tooComplex(argument, null);
    }
    try {
      return new RegexpQuery(
          new Term(fields.nameExact(), expression),
          SYNTAX,
          MATCH,
          Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    } catch (TooComplexToDeterminizeException e) {
      throw tooComplex(argument, e);
    }
  }

  /**
   * {@code expression} without a leading {@code ^} and a trailing unescaped {@code $}: the whole
   * name is matched anyway, and Lucene would take them as literal characters.
   */
  static String withoutAnchors(String expression) {
    String result = expression.startsWith("^") ? expression.substring(1) : expression;
    if (result.endsWith("$")) {
      int backslashes = 0;
      for (int i = result.length() - 2; i >= 0 && result.charAt(i) == '\\'; i--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        result = result.substring(0, result.length() - 1);
      }
    }
    return result;
  }

  private static IllegalArgumentException tooComplex(String argument, Exception cause) {
    return new IllegalArgumentException(
        "regular expression too complex: '"
            + argument
            + "' would need too large an automaton; use fewer or smaller repetitions and"
            + " alternatives",
        cause);
  }
}
