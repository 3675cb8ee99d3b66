/**
 * What plugins compile against: the extension points ({@link
 * io.diztl.api.metadata.MetadataExtractor}, {@link io.diztl.api.search.SearchMatcher}, {@link
 * io.diztl.api.preview.PreviewProvider}, {@link io.diztl.api.ui.UiContribution}) and the types
 * shared by every diztl module.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.diztl.api {
  requires transitive pf4j;
  requires transitive org.apache.lucene.core;
  requires transitive java.desktop;

  exports io.diztl.api;
  exports io.diztl.api.metadata;
  exports io.diztl.api.preview;
  exports io.diztl.api.search;
  exports io.diztl.api.ui;
}
