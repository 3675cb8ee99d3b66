package io.diztl.ui.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.WatchMatch;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The standing queries in the JSON API: list, register, cancel, their latest matches, and a
 * server-sent-events stream of new matches of all of them.
 */
final class WatchApi {

  private static final Duration PING = Duration.ofSeconds(10);

  /** Matches a slow client may fall behind by before it misses some. */
  private static final int BACKLOG = 1000;

  private final NodeFacade node;
  private final Json json;
  private final Shutdown shutdown;

  WatchApi(NodeFacade node, Json json, Shutdown shutdown) {
    this.node = node;
    this.json = json;
    this.shutdown = shutdown;
  }

  void routes(RoutesConfig routes) {
    routes.get("/api/v1/watches", ctx -> send(ctx, 200, node.watches()));
    routes.post("/api/v1/watches", this::register);
    routes.get("/api/v1/watches/stream", this::stream);
    routes.get(
        "/api/v1/watches/{id}/matches",
        ctx -> send(ctx, 200, node.watchMatches(ctx.pathParam("id"))));
    routes.delete(
        "/api/v1/watches/{id}",
        ctx -> {
          node.cancelWatch(ctx.pathParam("id"));
          ctx.status(204);
        });
  }

  /** {@code {"query": "...", "ttlHours": 168}}; the time to live defaults to 7 days. */
  private void register(Context ctx) {
    JsonNode body = json.readObject(ctx.body());
    JsonNode query = body.get("query");
    if (query == null || !query.isTextual() || query.asText().isBlank()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "expected {\"query\": \"...\", \"ttlHours\": 168}");
    }
    JsonNode hours = body.get("ttlHours");
    if (hours != null && !(hours.canConvertToLong() && hours.asLong() > 0)) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "\"ttlHours\" must be a positive whole number");
    }
    Duration ttl = hours == null ? Duration.ofDays(7) : Duration.ofHours(hours.asLong());
    send(ctx, 201, node.watch(SearchQuery.ofText(query.asText()), ttl));
  }

  /** One {@code match} event per new match of any watch, as JSON, until the client goes. */
  private void stream(Context ctx) throws IOException, InterruptedException {
    BlockingQueue<WatchMatch> matches = new LinkedBlockingQueue<>(BACKLOG);
    Cancellable following = node.followWatches(matches::offer);
    try {
      EventStream stream = EventStream.open(ctx);
      while (stream.open() && !shutdown.stopping()) {
        WatchMatch match = matches.poll(PING.toMillis(), TimeUnit.MILLISECONDS);
        if (match == null) {
          stream.ping();
        } else {
          stream.send("match", json.write(match), null);
        }
      }
    } finally {
      following.cancel();
    }
  }

  private void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }
}
