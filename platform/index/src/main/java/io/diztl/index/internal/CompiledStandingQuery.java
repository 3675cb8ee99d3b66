package io.diztl.index.internal;

import io.diztl.api.SearchQuery;
import io.diztl.index.StandingQuery;

/** A {@link StandingQuery} with its Lucene query and labels, as a search would run it. */
record CompiledStandingQuery(SearchQuery query, ParsedQuery parsed) implements StandingQuery {}
