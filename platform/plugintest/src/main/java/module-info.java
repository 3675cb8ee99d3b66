/**
 * The plugin authors' test kit: runs a {@link io.diztl.api.metadata.MetadataExtractor} on real
 * files and asserts the fields it found ({@link io.diztl.plugintest.ExtractorTester}), and checks
 * extractors and matchers against their contracts ({@link
 * io.diztl.plugintest.MetadataExtractorContract}, {@link
 * io.diztl.plugintest.SearchMatcherContract}).
 */
module io.diztl.plugintest {
  requires transitive io.diztl.api;
  requires transitive org.junit.jupiter.api;

  exports io.diztl.plugintest;
}
