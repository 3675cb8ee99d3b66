package io.diztl.plugins.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.search.SearchMatcher;
import io.diztl.plugintest.NameIndex;
import io.diztl.plugintest.PluginArtifact;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged plugin loads in pf4j and its matcher works from the plugin's class loader. */
class RegexNamesPluginIT {

  @Test
  void packagedPluginMatchesRegularExpressions() {
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild());
        NameIndex index = NameIndex.of("IMG_0042.jpg", "img_.jpg", "report.pdf")) {
      assertEquals("regex-names", plugin.descriptor().getPluginId());
      List<SearchMatcher> matchers = plugin.extensions(SearchMatcher.class);
      assertEquals(1, matchers.size(), "matchers: " + matchers);
      assertEquals("regex", matchers.getFirst().prefix());
      assertEquals(List.of("IMG_0042.jpg"), index.search(matchers.getFirst(), "img_\\d+\\.jpe?g"));
    }
  }
}
