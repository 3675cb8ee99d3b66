package io.diztl.ui.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.preview.Preview;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.NodeFacade;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The JSON API under {@code /api/v1}, documented in {@code docs/API.md}. */
final class Api {

  private static final Duration PING = Duration.ofSeconds(10);

  /** How long a browser may keep a preview: they are made from content, which a ref keeps. */
  private static final Duration PREVIEW_MAX_AGE = Duration.ofHours(1);

  /**
   * A download as the API shows it: the node's view plus the time left, with the nodes it fetches
   * from and the bytes each gave.
   */
  record DownloadView(
      String id,
      String ref,
      String name,
      String sourceNodeId,
      String sourceNodeName,
      String state,
      long received,
      long total,
      long bytesPerSecond,
      long etaSeconds,
      Instant started,
      Instant ended,
      String finalPath,
      String sha256,
      String error,
      int sources,
      List<DownloadSource> sourceNodes) {

    static DownloadView of(DownloadInfo d) {
      return new DownloadView(
          d.id(),
          d.ref(),
          d.name(),
          d.sourceNodeId(),
          d.sourceNodeName(),
          d.state().name().toLowerCase(java.util.Locale.ROOT),
          d.received(),
          d.total(),
          d.bytesPerSecond(),
          d.etaSeconds(),
          d.started(),
          d.ended(),
          d.finalPath(),
          d.sha256(),
          d.error(),
          d.sources(),
          d.sourceNodes());
    }
  }

  /** A node event with its id in the event log. */
  record EventView(long id, Instant time, NodeEvent.Kind kind, String subject, String message) {
    static EventView of(LoggedEvent entry) {
      NodeEvent e = entry.event();
      return new EventView(entry.id(), e.time(), e.kind(), e.subject(), e.message());
    }
  }

  private final NodeFacade node;
  private final Json json;
  private final EventLog events;
  private final Shutdown shutdown;

  Api(NodeFacade node, Json json, EventLog events, Shutdown shutdown) {
    this.node = node;
    this.json = json;
    this.events = events;
    this.shutdown = shutdown;
  }

  void routes(RoutesConfig routes) {
    routes.get("/api/v1/status", ctx -> send(ctx, 200, node.status()));
    routes.get("/api/v1/peers", ctx -> send(ctx, 200, node.peers()));
    routes.get("/api/v1/plugins", ctx -> send(ctx, 200, node.plugins()));
    routes.post("/api/v1/plugins/{id}/enable", ctx -> setEnabled(ctx, true));
    routes.post("/api/v1/plugins/{id}/disable", ctx -> setEnabled(ctx, false));
    routes.get("/api/v1/search", this::search);
    routes.get(
        "/api/v1/downloads",
        ctx -> send(ctx, 200, node.downloads().stream().map(DownloadView::of).toList()));
    routes.post("/api/v1/downloads", this::startDownload);
    routes.get("/api/v1/downloads/{id}", ctx -> send(ctx, 200, DownloadView.of(download(ctx))));
    routes.delete(
        "/api/v1/downloads/{id}",
        ctx -> {
          node.cancelDownload(download(ctx).id());
          ctx.status(204);
        });
    routes.post(
        "/api/v1/downloads/{id}/retry",
        ctx -> send(ctx, 202, DownloadView.of(node.retryDownload(download(ctx).id()))));
    routes.get(
        "/api/v1/nodes/{nodeId}/browse",
        ctx ->
            send(
                ctx,
                200,
                node.browse(ctx.pathParam("nodeId"), param(ctx, "path"), param(ctx, "page"))));
    routes.get("/api/v1/events", this::events);
    routes.get("/api/v1/preview", this::preview);
  }

  /** Writes a JSON body. */
  void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }

  private void setEnabled(Context ctx, boolean enabled) {
    String id = ctx.pathParam("id");
    node.setPluginEnabled(id, enabled);
    send(ctx, 202, Map.of("id", id, "enabled", enabled));
  }

  private DownloadInfo download(Context ctx) {
    String id = ctx.pathParam("id");
    return node.download(id)
        .orElseThrow(() -> new DiztlException(ErrorKind.NOT_FOUND, "no download with id " + id));
  }

  private void startDownload(Context ctx) {
    JsonNode body = json.readObject(ctx.body());
    String ref = text(body, "ref");
    if (!ref.isEmpty()) {
      DownloadInfo started = node.startDownload(ref);
      send(ctx, 202, Map.of("id", started.id(), "download", DownloadView.of(started)));
      return;
    }
    String nodeId = text(body, "nodeId");
    if (nodeId.isEmpty()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "expected {\"ref\": \"NODE_ID:FILE_ID\"} or {\"nodeId\": \"...\", \"path\": \"folder\"}");
    }
    List<DownloadInfo> started = node.startFolderDownload(nodeId, text(body, "path"));
    send(
        ctx,
        202,
        Map.of(
            "ids",
            started.stream().map(DownloadInfo::id).toList(),
            "downloads",
            started.stream().map(DownloadView::of).toList()));
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, "\"" + field + "\" must be a string");
    }
    return value.asText().strip();
  }

  private void search(Context ctx) throws IOException, InterruptedException {
    SearchForm form = SearchForm.of(ctx::queryParam);
    if (form.empty()) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, "give a query: ?q=...");
    }
    SearchRun run = SearchRun.start(node, "api", form);
    try {
      if (run.error() != null) {
        throw run.error();
      }
      if (wantsJson(ctx)) {
        while (!run.ended() && !shutdown.stopping()) {
          run.awaitChange(run.version(), PING);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hits", run.hits());
        body.put("summary", run.summary());
        if (run.error() != null) {
          body.put("error", Errors.message(run.error()));
        }
        send(ctx, 200, body);
        return;
      }
      streamSearch(ctx, run);
    } finally {
      run.cancel();
    }
  }

  private void streamSearch(Context ctx, SearchRun run) throws IOException, InterruptedException {
    EventStream stream = EventStream.open(ctx);
    AtomicInteger sent = new AtomicInteger();
    run.follow(
        stream,
        shutdown,
        PING,
        ended -> {
          for (List<NetworkHit> batch : run.batches(sent.get())) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (!batch.isEmpty()) {
              data.put("nodeId", batch.getFirst().nodeId());
              data.put("nodeName", batch.getFirst().nodeName());
            }
            data.put("hits", batch);
            stream.send("results", json.write(data), null);
            sent.incrementAndGet();
          }
          if (ended) {
            if (run.error() != null) {
              stream.send("error", json.write(Map.of("error", Errors.message(run.error()))), null);
            } else {
              stream.send("summary", json.write(run.summary()), null);
            }
          }
          return true;
        });
  }

  private void events(Context ctx) throws IOException, InterruptedException {
    String lastEventId = ctx.header("Last-Event-ID");
    String since = lastEventId != null ? lastEventId : ctx.queryParam("since");
    long after;
    try {
      after = since == null ? -1 : Long.parseLong(since.strip());
    } catch (NumberFormatException e) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "the event id must be a whole number, found '" + since + "'");
    }
    if (wantsJson(ctx)) {
      send(
          ctx,
          200,
          events.after(Math.max(0, after), Duration.ZERO).stream().map(EventView::of).toList());
      return;
    }
    long last = after < 0 ? events.lastId() : after;
    EventStream stream = EventStream.open(ctx);
    while (stream.open() && !shutdown.stopping()) {
      List<LoggedEvent> entries = events.after(last, PING);
      if (entries.isEmpty()) {
        stream.ping();
      }
      for (LoggedEvent entry : entries) {
        stream.send(null, json.write(EventView.of(entry)), Long.toString(entry.id()));
        last = entry.id();
      }
    }
  }

  /** A result's preview as {@code image/jpeg}, kept by the browser for a while; 404 when none. */
  private void preview(Context ctx) {
    String ref = param(ctx, "ref");
    if (ref.isEmpty()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "give a result's reference: ?ref=NODE_ID:FILE_ID");
    }
    Preview preview =
        node.preview(ref)
            .orElseThrow(
                () -> new DiztlException(ErrorKind.NOT_FOUND, "the node has no preview of it"));
    ctx.status(200)
        .header("Cache-Control", "private, max-age=" + PREVIEW_MAX_AGE.toSeconds())
        .contentType(Preview.MEDIA_TYPE)
        .result(preview.jpeg());
  }

  private static boolean wantsJson(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null
        && accept.contains("application/json")
        && !accept.contains("text/event-stream");
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value;
  }
}
