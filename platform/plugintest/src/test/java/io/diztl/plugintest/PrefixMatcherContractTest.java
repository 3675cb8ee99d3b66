package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.search.SearchMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixMatcherContractTest extends SearchMatcherContract {

  @Override
  protected SearchMatcher matcher() {
    return new PrefixMatcher();
  }

  @Override
  protected List<String> validArguments() {
    return List.of("holi", "Report 2019");
  }

  @Override
  protected List<String> invalidArguments() {
    return List.of("holi*");
  }

  @Test
  void findsNamesInTheNameIndex() {
    try (NameIndex index =
        NameIndex.of("photos/Holiday_2019.jpg", "docs/report.pdf", "holiday/a.txt")) {
      assertEquals(List.of("photos/Holiday_2019.jpg"), index.search(matcher(), "HOLI"));
    }
  }
}
