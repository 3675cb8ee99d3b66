package io.diztl.index.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.search.Query;

/**
 * A query ready to run.
 *
 * @param query the Lucene query
 * @param labels for each label a hit can be "matched by" ({@code name}, a metadata field, a matcher
 *     prefix, {@code path}), in query order, the query that says whether it matched
 */
public record ParsedQuery(Query query, Map<String, Query> labels) {

  /** Checks the parts, keeping the order of the labels. */
  public ParsedQuery {
    Objects.requireNonNull(query, "query");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }
}
