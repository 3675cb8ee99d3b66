/**
 * Search matchers: plugins implement {@link io.diztl.api.search.SearchMatcher} to add ways of
 * matching, reached in queries as {@code prefix:argument}.
 */
package io.diztl.api.search;
