package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.index.RoutingKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The words a query must find in a share, read the way the {@link QueryParser} reads plain terms:
 * every word of a plain term (quoted or not) that is not negated must match a name or text metadata
 * term, the last word of the last unquoted plain term as a prefix; and an {@code ext:}, {@code
 * hash:} or {@code sha256:} term that is not negated needs its extension or hash key.
 */
public final class RoutingQuery {

  private static final NameAnalyzer ANALYZER = NameAnalyzer.forQuery();

  private RoutingQuery() {}

  /**
   * The required words of {@code text}, a prefix word cut to {@code prefixChars} characters; empty
   * for a query without plain words or an invalid one.
   */
  public static List<String> requiredWords(String text, int prefixChars) {
    List<QueryTerm> terms;
    try {
      terms = QueryTokenizer.tokenize(text);
    } catch (DiztlException e) {
      return List.of();
    }
    int lastWord = -1;
    for (int i = 0; i < terms.size(); i++) {
      QueryTerm term = terms.get(i);
      if (term.isPlain() && !term.quoted() && !term.negated()) {
        lastWord = i;
      }
    }
    List<String> required = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      QueryTerm term = terms.get(i);
      if (term.negated()) {
        continue;
      }
      if (!term.isPlain()) {
        fieldKey(term).ifPresent(required::add);
        continue;
      }
      List<String> words = ANALYZER.terms(term.value());
      for (int w = 0; w < words.size(); w++) {
        String word = words.get(w);
        boolean prefix = i == lastWord && w == words.size() - 1;
        required.add(prefix && word.length() > prefixChars ? word.substring(0, prefixChars) : word);
      }
    }
    return required;
  }

  /** The key an {@code ext:}, {@code hash:} or {@code sha256:} term needs, if it is one. */
  private static Optional<String> fieldKey(QueryTerm term) {
    if (term.operator() != QueryTerm.Operator.EQUALS || term.value().isBlank()) {
      return Optional.empty();
    }
    return switch (term.field().toLowerCase(Locale.ROOT)) {
      case "ext" -> Optional.of(RoutingKeys.extension(term.value()));
      case "hash", "sha256" -> Optional.of(RoutingKeys.sha256(term.value()));
      default -> Optional.empty();
    };
  }
}
