package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.FolderListing;
import io.diztl.api.ui.NodeFacade;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The HTML pages, their forms and the event streams that keep them live. */
final class Pages {

  static final int PAGE_SIZE = 50;
  private static final int EVENTS_SHOWN = 200;
  private static final Duration PING = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofMillis(150);
  private static final Duration DOWNLOAD_TICK = Duration.ofMillis(500);

  private final NodeFacade node;
  private final Views views;
  private final SearchRuns runs;
  private final EventLog events;
  private final Shutdown shutdown;

  Pages(NodeFacade node, Views views, SearchRuns runs, EventLog events, Shutdown shutdown) {
    this.node = node;
    this.views = views;
    this.runs = runs;
    this.events = events;
    this.shutdown = shutdown;
  }

  void routes(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.redirect("/search", HttpStatus.SEE_OTHER));
    routes.get("/search", this::search);
    routes.get("/search/live", this::searchLive);
    routes.get("/downloads", this::downloads);
    routes.get("/downloads/live", this::downloadsLive);
    routes.post("/ui/downloads", this::startDownload);
    routes.post("/ui/folder-downloads", this::startFolderDownload);
    routes.post("/ui/downloads/{id}/cancel", ctx -> downloadAction(ctx, node::cancelDownload));
    routes.post("/ui/downloads/{id}/retry", ctx -> downloadAction(ctx, node::retryDownload));
    routes.post("/ui/downloads/{id}/pause", ctx -> downloadAction(ctx, node::pauseDownload));
    routes.post("/ui/downloads/{id}/resume", ctx -> downloadAction(ctx, node::resumeDownload));
    routes.get("/browse", ctx -> page(ctx, "browseNodes.jte", "Browse", "/browse", node.peers()));
    routes.get("/browse/{nodeId}", this::browse);
    routes.get("/share", ctx -> page(ctx, "share.jte", "Share", "/share", node.status()));
    routes.get(
        "/share/stats",
        ctx -> Views.html(ctx, views.render("shareStats.jte", Map.of("status", node.status()))));
    routes.get("/network", this::network);
    routes.get("/plugins", ctx -> page(ctx, "plugins.jte", "Plugins", "/plugins", node.plugins()));
    routes.post("/ui/plugins/{id}/enable", ctx -> setPlugin(ctx, true));
    routes.post("/ui/plugins/{id}/disable", ctx -> setPlugin(ctx, false));
    routes.get("/events", this::eventsPage);
    routes.get("/events/live", this::eventsLive);
  }

  /** Renders a page of the menu with one model. */
  void page(Context ctx, String template, String title, String menu, Object model) {
    Map<String, Object> params = new HashMap<>();
    params.put("chrome", views.chrome(title, menu));
    params.put("model", model);
    Views.html(ctx, views.render(template, params));
  }

  private void search(Context ctx) {
    SearchForm form = SearchForm.of(ctx::queryParam);
    List<String> types =
        Arrays.stream(FileType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    ResultsView results = null;
    String error = "";
    if (!form.empty()) {
      SearchRun run = runs.get(ctx.queryParam("sid"));
      try {
        if (run == null || !run.form().query().equals(form.query())) {
          run = runs.start(form);
        }
        results = view(ctx, run);
        if (run.error() != null && run.hits().isEmpty()) {
          error = Errors.message(run.error());
          results = null;
          ctx.status(Errors.status(run.error().kind()));
        }
      } catch (DiztlException e) {
        error = Errors.message(e);
        ctx.status(Errors.status(e.kind()));
      }
    }
    String title = form.q().isEmpty() ? "Search" : "Search: " + Fmt.visible(form.q());
    Map<String, Object> params = new HashMap<>();
    params.put("chrome", views.chrome(title, "/search"));
    params.put("model", new SearchPage(form, types, runs.history(), error, results));
    Views.html(ctx, views.render("search.jte", params));
  }

  private ResultsView view(Context ctx, SearchRun run) {
    Sort sort = Sort.of(ctx.queryParam("sort"));
    String dir = ctx.queryParam("dir");
    boolean desc = dir == null ? sort.descendingByDefault() : dir.equals("desc");
    return run.view(sort, desc, number(ctx.queryParam("page")), PAGE_SIZE, downloadStates(node));
  }

  private void searchLive(Context ctx) throws IOException, InterruptedException {
    SearchRun run = runs.get(ctx.queryParam("sid"));
    if (run == null) {
      throw new DiztlException(ErrorKind.NOT_FOUND, "this search is over and was forgotten");
    }
    EventStream stream = EventStream.open(ctx);
    run.follow(
        stream,
        shutdown,
        PING,
        ended -> {
          stream.send("results", views.render("results.jte", Map.of("r", view(ctx, run))), null);
          if (ended) {
            stream.send("done", "", null);
            return false;
          }
          return !shutdown.await(SETTLE);
        });
  }

  /** The state of this node's download of each file reference it is downloading or has. */
  static Map<String, String> downloadStates(NodeFacade node) {
    Map<String, String> states = new HashMap<>();
    for (DownloadInfo d : node.downloads()) {
      states.putIfAbsent(d.ref(), d.state().name().toLowerCase(Locale.ROOT));
    }
    return states;
  }

  private void downloads(Context ctx) {
    page(ctx, "downloads.jte", "Downloads", "/downloads", node.downloads());
  }

  private void downloadsLive(Context ctx) throws IOException, InterruptedException {
    EventStream stream = EventStream.open(ctx);
    String last = null;
    long quiet = 0;
    while (stream.open()) {
      String rows = views.render("downloadRows.jte", Map.of("downloads", node.downloads()));
      if (!rows.equals(last)) {
        stream.send("rows", rows, null);
        last = rows;
        quiet = 0;
      } else if (++quiet * DOWNLOAD_TICK.toMillis() >= PING.toMillis()) {
        stream.ping();
        quiet = 0;
      }
      if (shutdown.await(DOWNLOAD_TICK)) {
        return;
      }
    }
  }

  private void startDownload(Context ctx) {
    String ref = required(ctx, "ref");
    DownloadInfo started = node.startDownload(ref);
    if (ctx.header("HX-Request") != null) {
      Views.html(
          ctx, views.render("tags/download.jte", Map.of("ref", ref, "state", word(started))));
    } else {
      ctx.redirect("/downloads", HttpStatus.SEE_OTHER);
    }
  }

  private void startFolderDownload(Context ctx) {
    String nodeId = required(ctx, "nodeId");
    String path = ctx.formParam("path") == null ? "" : ctx.formParam("path");
    List<DownloadInfo> started = node.startFolderDownload(nodeId, path);
    if (ctx.header("HX-Request") != null) {
      Views.html(
          ctx,
          views.render(
              "tags/queued.jte",
              Map.of("text", Fmt.plural(started.size(), "download") + " queued")));
    } else {
      ctx.redirect("/downloads", HttpStatus.SEE_OTHER);
    }
  }

  private void downloadAction(Context ctx, Consumer<String> action) {
    action.accept(ctx.pathParam("id"));
    if (ctx.header("HX-Request") != null) {
      ctx.status(204);
    } else {
      ctx.redirect("/downloads", HttpStatus.SEE_OTHER);
    }
  }

  private void browse(Context ctx) {
    String nodeId = ctx.pathParam("nodeId");
    String path = ctx.queryParam("path") == null ? "" : ctx.queryParam("path");
    String token = ctx.queryParam("page") == null ? "" : ctx.queryParam("page");
    FolderListing listing = node.browse(nodeId, path, token);
    String name = listing.nodeName().isEmpty() ? listing.nodeId() : listing.nodeName();
    page(ctx, "browse.jte", "Browse " + Fmt.visible(name), "/browse", listing);
  }

  private void network(Context ctx) {
    Map<String, Object> params = new HashMap<>();
    params.put("chrome", views.chrome("Network", "/network"));
    params.put("status", node.status());
    params.put("peers", node.peers());
    Views.html(ctx, views.render("network.jte", params));
  }

  private void setPlugin(Context ctx, boolean enabled) {
    node.setPluginEnabled(ctx.pathParam("id"), enabled);
    ctx.redirect("/plugins", HttpStatus.SEE_OTHER);
  }

  private void eventsPage(Context ctx) {
    Map<String, Object> params = new HashMap<>();
    params.put("chrome", views.chrome("Events", "/events"));
    params.put("entries", events.newest(EVENTS_SHOWN));
    params.put("lastId", events.lastId());
    Views.html(ctx, views.render("events.jte", params));
  }

  private void eventsLive(Context ctx) throws IOException, InterruptedException {
    String lastEventId = ctx.header("Last-Event-ID");
    String after = lastEventId != null ? lastEventId : ctx.queryParam("after");
    long last;
    try {
      last = after == null ? events.lastId() : Long.parseLong(after.strip());
    } catch (NumberFormatException e) {
      last = events.lastId();
    }
    EventStream stream = EventStream.open(ctx);
    while (stream.open() && !shutdown.stopping()) {
      List<LoggedEvent> entries = events.after(last, PING);
      if (entries.isEmpty()) {
        stream.ping();
      }
      for (LoggedEvent entry : entries) {
        String row = views.render("eventRow.jte", Map.of("entry", entry));
        stream.send("event", row, Long.toString(entry.id()));
        last = entry.id();
      }
    }
  }

  private static String word(DownloadInfo download) {
    return download.state().name().toLowerCase(Locale.ROOT);
  }

  private static String required(Context ctx, String name) {
    String value = ctx.formParam(name);
    if (value == null || value.isBlank()) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, "the form lacks '" + name + "'");
    }
    return value.strip();
  }

  private static int number(String text) {
    try {
      return text == null ? 1 : Math.max(1, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
