package io.diztl.ui.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Renders the precompiled templates of {@code src/main/jte}, loaded through the plugin's class
 * loader, and knows the menu every page shows.
 */
final class Views {

  private static final List<String[]> MENU =
      List.of(
          new String[] {"Search", "/search"},
          new String[] {"Browse", "/browse"},
          new String[] {"Downloads", "/downloads"},
          new String[] {"Watches", WatchPages.PATH},
          new String[] {"Share", "/share"},
          new String[] {"Network", "/network"},
          new String[] {"Plugins", "/plugins"},
          new String[] {"Events", "/events"});

  private final TemplateEngine engine;
  private final Assets assets;
  private final String nodeName;
  private final LongSupplier newMatches;

  /**
   * {@code newMatches} tells how many matches of the standing queries nobody has looked at yet,
   * shown beside the Watches entry of the menu.
   */
  Views(ClassLoader loader, Assets assets, String nodeName, LongSupplier newMatches) {
    this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, loader);
    this.assets = assets;
    this.nodeName = nodeName;
    this.newMatches = newMatches;
  }

  /** The chrome of a page whose menu entry has the address {@code current}. */
  Chrome chrome(String title, String current) {
    List<Chrome.MenuItem> menu =
        MENU.stream().map(item -> item(item[0], item[1], current)).toList();
    return new Chrome(title, menu, nodeName, assets.url("app.css"), scripts());
  }

  private Chrome.MenuItem item(String label, String href, String current) {
    boolean here = href.equals(current);
    if (href.equals(WatchPages.PATH)) {
      return new Chrome.MenuItem(
          label, href, here, newMatches.getAsLong(), WatchPages.COUNT_STREAM);
    }
    return new Chrome.MenuItem(label, href, here, 0, null);
  }

  /** The chrome of a page shown before logging in: no menu. */
  Chrome publicChrome(String title) {
    return new Chrome(title, List.of(), nodeName, assets.url("app.css"), scripts());
  }

  /** A page or fragment as HTML. */
  String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template, params, out);
    return out.toString();
  }

  /** Answers with an HTML page or fragment, in UTF-8. */
  static void html(Context ctx, String html) {
    ctx.contentType("text/html;charset=utf-8").result(html);
  }

  private List<String> scripts() {
    return List.of(assets.url("htmx.min.js"), assets.url("sse.js"), assets.url("app.js"));
  }
}
