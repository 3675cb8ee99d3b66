package io.diztl.plugintest;

import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.util.Locale;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.pf4j.Extension;

/** Test matcher: {@code starts:abc} matches names starting with "abc"; '*' is refused. */
@Extension
public class PrefixMatcher implements SearchMatcher {

  @Override
  public String prefix() {
    return "starts";
  }

  @Override
  public String description() {
    return "names starting with a text: starts:holi";
  }

  @Override
  public Query toQuery(String argument, MatchFields fields) {
    if (argument.contains("*")) {
      throw new IllegalArgumentException("starts: takes plain text, found '*' in " + argument);
    }
    return new PrefixQuery(new Term(fields.nameExact(), argument.toLowerCase(Locale.ROOT)));
  }
}
