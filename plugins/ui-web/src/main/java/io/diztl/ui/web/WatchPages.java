package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.Watch;
import io.diztl.api.ui.WatchMatch;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Watches page: a form to register a standing query, the node's standing queries with their
 * counts, the matches of the one selected with a download button each, and the event streams that
 * keep the page and the count of new matches in the menu live.
 */
final class WatchPages {

  static final String PATH = "/watches";
  static final String COUNT_STREAM = PATH + "/count";

  /** The times to live the form offers, by the value it sends. */
  static final Map<String, Duration> TTLS;

  /** Their labels, in the same order. */
  static final Map<String, String> TTL_LABELS;

  static {
    Map<String, Duration> ttls = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (int days : new int[] {1, 7, 30}) {
      ttls.put(days + "d", Duration.ofDays(days));
      labels.put(days + "d", Fmt.plural(days, "day"));
    }
    TTLS = Collections.unmodifiableMap(ttls);
    TTL_LABELS = Collections.unmodifiableMap(labels);
  }

  private static final String DEFAULT_TTL = "7d";
  private static final Duration PING = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofMillis(150);
  private static final Duration COUNT_TICK = Duration.ofSeconds(1);

  /**
   * How long the count waits after matches arrive, so that a page showing their watch has fetched,
   * and so seen, them first: the count then does not flash up on that page.
   */
  private static final Duration COUNT_SETTLE = Duration.ofMillis(600);

  /** Matches a stream may fall behind by; more only wake it once. */
  private static final int BACKLOG = 1000;

  private final NodeFacade node;
  private final Views views;
  private final Shutdown shutdown;

  WatchPages(NodeFacade node, Views views, Shutdown shutdown) {
    this.node = node;
    this.views = views;
    this.shutdown = shutdown;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::page);
    routes.get(PATH + "/live", this::live);
    routes.get(COUNT_STREAM, this::count);
    routes.get(PATH + "/{id}/matches", ctx -> Views.html(ctx, matchRows(ctx.pathParam("id"))));
    routes.post("/ui/watches", this::add);
    routes.post("/ui/watches/{id}/cancel", this::cancel);
  }

  /**
   * The matches of all standing queries nobody has looked at yet, for the menu; 0 when the node
   * cannot list them, so that every page still shows (the Watches page itself then says why).
   */
  static long newMatches(NodeFacade node) {
    try {
      return node.watches().stream().mapToLong(Watch::unseen).sum();
    } catch (DiztlException e) {
      return 0;
    }
  }

  private void page(Context ctx) {
    render(ctx, ctx.queryParam("id"), "", DEFAULT_TTL, "");
  }

  private void render(Context ctx, String id, String query, String ttl, String error) {
    List<WatchMatch> matches = id == null ? List.of() : newestFirst(node.watchMatches(id));
    List<Watch> watches = node.watches();
    Watch selected =
        id == null
            ? null
            : watches.stream().filter(w -> w.id().equals(id)).findFirst().orElse(null);
    String title = selected == null ? "Watches" : "Watch: " + Fmt.visible(selected.query());
    Map<String, Object> params = new HashMap<>();
    params.put("chrome", views.chrome(title, PATH));
    params.put(
        "model",
        new WatchesPage(watches, selected, matches, Pages.downloadStates(node), query, ttl, error));
    Views.html(ctx, views.render("watches.jte", params));
  }

  private void add(Context ctx) {
    String query = ctx.formParam("q") == null ? "" : ctx.formParam("q").strip();
    String ttl = ctx.formParam("ttl") == null ? DEFAULT_TTL : ctx.formParam("ttl");
    try {
      if (query.isEmpty()) {
        throw new DiztlException(ErrorKind.INVALID_ARGUMENT, "type a query to watch for");
      }
      Duration time = TTLS.get(ttl);
      if (time == null) {
        throw new DiztlException(
            ErrorKind.INVALID_ARGUMENT,
            "choose how long to watch: one of " + String.join(", ", TTL_LABELS.values()));
      }
      Watch watch = node.watch(SearchQuery.ofText(query), time);
      ctx.redirect(PATH + "?id=" + Fmt.param(watch.id()), HttpStatus.SEE_OTHER);
    } catch (DiztlException e) {
      ctx.status(Errors.status(e.kind()));
      render(ctx, null, query, TTLS.containsKey(ttl) ? ttl : DEFAULT_TTL, Errors.message(e));
    }
  }

  private void cancel(Context ctx) {
    node.cancelWatch(ctx.pathParam("id"));
    ctx.redirect(PATH, HttpStatus.SEE_OTHER);
  }

  /**
   * Follows the matches of all standing queries: after each batch, sends the list of watches
   * ({@code watches}) and, when the batch has matches of the selected one, a {@code matches} event
   * whose element makes the page fetch that watch's matches. Fetching them marks them seen, so only
   * a page still open does, never a stream whose page was left but not yet noticed.
   */
  private void live(Context ctx) throws IOException, InterruptedException {
    String id = ctx.queryParam("id");
    BlockingQueue<WatchMatch> arrived = new LinkedBlockingQueue<>(BACKLOG);
    Cancellable following = node.followWatches(arrived::offer);
    try {
      EventStream stream = EventStream.open(ctx);
      while (stream.open() && !shutdown.stopping()) {
        List<WatchMatch> batch = next(arrived, PING);
        if (batch.isEmpty()) {
          stream.ping();
          continue;
        }
        if (id != null && batch.stream().anyMatch(m -> m.watchId().equals(id))) {
          stream.send("matches", views.render("tags/fetchMatches.jte", Map.of("id", id)), null);
        }
        stream.send("watches", views.render("watchRows.jte", rows(id)), null);
      }
    } finally {
      following.cancel();
    }
  }

  /** Sends the number of new matches for the menu whenever it changes. */
  private void count(Context ctx) throws IOException, InterruptedException {
    BlockingQueue<WatchMatch> arrived = new LinkedBlockingQueue<>(BACKLOG);
    Cancellable following = node.followWatches(arrived::offer);
    try {
      EventStream stream = EventStream.open(ctx);
      long shown = -1;
      long quietMillis = 0;
      while (stream.open() && !shutdown.stopping()) {
        long now = newMatches(node);
        if (now != shown) {
          stream.send("count", views.render("tags/count.jte", Map.of("count", now)), null);
          shown = now;
          quietMillis = 0;
        } else if (quietMillis >= PING.toMillis()) {
          stream.ping();
          quietMillis = 0;
        }
        if (!next(arrived, COUNT_TICK).isEmpty() && shutdown.await(COUNT_SETTLE)) {
          return;
        }
        quietMillis += COUNT_TICK.toMillis();
      }
    } finally {
      following.cancel();
    }
  }

  /**
   * Waits up to {@code wait} for a match, then a moment more for those that come with it; empty
   * when none came or the server is stopping.
   */
  private List<WatchMatch> next(BlockingQueue<WatchMatch> arrived, Duration wait)
      throws InterruptedException {
    WatchMatch first = arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (first == null || shutdown.await(SETTLE)) {
      return List.of();
    }
    List<WatchMatch> batch = new ArrayList<>();
    batch.add(first);
    arrived.drainTo(batch);
    return batch;
  }

  /** The rows of a watch's matches, newest first; marks them seen. */
  private String matchRows(String id) {
    return views.render(
        "watchMatchRows.jte",
        Map.of(
            "matches", newestFirst(node.watchMatches(id)),
            "downloads", Pages.downloadStates(node)));
  }

  /**
   * The parameters of the watch list; the selected watch's row shows no new matches, since its open
   * page fetches, and so sees, each one.
   */
  private Map<String, Object> rows(String selected) {
    return Map.of("watches", node.watches(), "selected", selected == null ? "" : selected);
  }

  private static List<WatchMatch> newestFirst(List<WatchMatch> matches) {
    return new ArrayList<>(matches).reversed();
  }
}
