package io.diztl.ui.web;

import io.diztl.api.ui.Watch;
import io.diztl.api.ui.WatchMatch;
import java.util.List;
import java.util.Map;

/**
 * What the Watches page shows.
 *
 * @param watches the node's standing queries
 * @param selected the one whose matches are shown, or null
 * @param matches the selected one's latest matches, newest first
 * @param downloads the state of this node's download of each file reference it has one of
 * @param query the text in the form: what the user typed when it was refused
 * @param ttl the time to live chosen in the form, one of {@link WatchPages#TTLS}' keys
 * @param error why the query in the form was refused, or empty
 */
public record WatchesPage(
    List<Watch> watches,
    Watch selected,
    List<WatchMatch> matches,
    Map<String, String> downloads,
    String query,
    String ttl,
    String error) {

  /** Copies the lists. */
  public WatchesPage {
    watches = List.copyOf(watches);
    matches = List.copyOf(matches);
    downloads = Map.copyOf(downloads);
  }

  /** The times to live the form offers, by value, with their labels. */
  public Map<String, String> ttls() {
    return WatchPages.TTL_LABELS;
  }

  /** The address of the stream that keeps this page live. */
  public String liveLink() {
    return selected == null
        ? WatchPages.PATH + "/live"
        : WatchPages.PATH + "/live?id=" + Fmt.param(selected.id());
  }
}
