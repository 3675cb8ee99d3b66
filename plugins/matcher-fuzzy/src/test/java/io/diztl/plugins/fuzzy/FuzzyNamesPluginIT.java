package io.diztl.plugins.fuzzy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.search.SearchMatcher;
import io.diztl.plugintest.NameIndex;
import io.diztl.plugintest.PluginArtifact;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged plugin loads in pf4j and its matcher works from the plugin's class loader. */
class FuzzyNamesPluginIT {

  @Test
  void packagedPluginMatchesFuzzily() {
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild());
        NameIndex index = NameIndex.of("Holiday_Photo-2019.jpg", "report.pdf")) {
      assertEquals("fuzzy-names", plugin.descriptor().getPluginId());
      List<SearchMatcher> matchers = plugin.extensions(SearchMatcher.class);
      assertEquals(1, matchers.size(), "matchers: " + matchers);
      assertEquals("fuzzy", matchers.getFirst().prefix());
      assertEquals(List.of("Holiday_Photo-2019.jpg"), index.search(matchers.getFirst(), "holidy"));
    }
  }
}
