package io.diztl.ui.web;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.UiSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's HTTP server: Javalin on Jetty, bound as {@link UiSettings} say, serving the pages,
 * the JSON API and the assets behind {@link Guard}. Start it with {@link #start}; close it to stop.
 */
final class WebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final String REFUSED = "diztl.refused";

  private final Javalin app;
  private final Sessions sessions;
  private final String host;
  private final Shutdown shutdown;
  private final EventLog events;
  private final SearchRuns runs;
  private final Cancellable subscription;

  private WebServer(
      Javalin app,
      Sessions sessions,
      String host,
      Shutdown shutdown,
      EventLog events,
      SearchRuns runs,
      Cancellable subscription) {
    this.app = app;
    this.sessions = sessions;
    this.host = host;
    this.shutdown = shutdown;
    this.events = events;
    this.runs = runs;
    this.subscription = subscription;
  }

  /**
   * Starts the server for {@code node} as its settings say; {@code loader} is the plugin's class
   * loader, which must be the thread's context class loader while this runs.
   *
   * @throws DiztlException {@code FAILED_PRECONDITION} for a bind beyond loopback without a
   *     password, {@code UNAVAILABLE} when the port is taken
   */
  static WebServer start(NodeFacade node, UiSettings settings, ClassLoader loader, Clock clock)
      throws IOException {
    Optional<String> password = password(settings);
    String apiKey = ApiKey.load(settings.dataDir());
    Sessions sessions = new Sessions(clock);
    Shutdown shutdown = new Shutdown();
    EventLog events = new EventLog();
    Cancellable subscription = node.subscribe(events);
    Json json = new Json();
    Assets assets = new Assets(loader);
    Views views =
        new Views(loader, assets, node.status().nodeName(), () -> WatchPages.newMatches(node));
    SearchRuns runs = new SearchRuns(node);
    Api api = new Api(node, json, events, shutdown);
    WatchApi watchApi = new WatchApi(node, json, shutdown);
    Pages pages = new Pages(node, views, runs, events, shutdown);
    WatchPages watchPages = new WatchPages(node, views, shutdown);
    AtomicReference<Guard> guard = new AtomicReference<>();
    Login login = new Login(views, password, sessions, new LoginThrottle(clock), guard::get);
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.startup.startupWatcherEnabled = false;
              config.concurrency.useVirtualThreads = true;
              config.jetty.host = settings.bindHost();
              config.jetty.port = settings.port();
              config.http.maxRequestSize = 64 * 1024;
              config.routes.before(
                  ctx -> {
                    Guard current = guard.get();
                    if (current == null) {
                      throw new HttpError(503, "the web UI is starting");
                    }
                    current.check(ctx);
                  });
              config.routes.get("/assets/{name}", assets::serve);
              config.routes.get("/login", ctx -> login.page(ctx, ""));
              config.routes.post("/login", login::submit);
              config.routes.post("/logout", login::logout);
              api.routes(config.routes);
              watchApi.routes(config.routes);
              pages.routes(config.routes);
              watchPages.routes(config.routes);
              config.routes.exception(
                  HttpError.class,
                  (e, ctx) -> refuse(ctx, views, json, login, e.status(), e.getMessage(), e));
              config.routes.exception(
                  DiztlException.class,
                  (e, ctx) -> {
                    if (e.kind() == ErrorKind.INTERNAL) {
                      LOG.warn("web UI: {} {} failed", ctx.method(), ctx.path(), e);
                    }
                    refuse(
                        ctx, views, json, login, Errors.status(e.kind()), Errors.message(e), null);
                  });
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.warn("web UI: {} {} failed", ctx.method(), ctx.path(), e);
                    refuse(ctx, views, json, login, 500, Errors.INTERNAL_MESSAGE, null);
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.attribute(REFUSED) == null) {
                      refuse(ctx, views, json, login, 404, "no such page: " + ctx.path(), null);
                    }
                  });
              config.routes.error(
                  405,
                  ctx -> refuse(ctx, views, json, login, 405, "method not allowed here", null));
            });
    try {
      app.start();
    } catch (JavalinBindException e) {
      subscription.cancel();
      throw new DiztlException(
          ErrorKind.UNAVAILABLE,
          "the web UI cannot listen on "
              + settings.bindHost()
              + ":"
              + settings.port()
              + ": the port is in use (choose another with --ui-port)",
          e);
    } catch (RuntimeException e) {
      subscription.cancel();
      throw e;
    }
    guard.set(
        new Guard(HostPolicy.of(settings.bindHost(), app.port()), sessions, apiKey, app.port()));
    String host = urlHost(settings.bindHost());
    LOG.info("web UI listening on http://{}:{}/", host, app.port());
    return new WebServer(app, sessions, host, shutdown, events, runs, subscription);
  }

  /** The port it listens on. */
  int port() {
    return app.port();
  }

  /** A fresh address that logs the owner in once. */
  String loginUrl() {
    return "http://" + host + ":" + port() + "/?token=" + sessions.newToken();
  }

  /** Stops listening, ends the event streams and cancels the searches. */
  @Override
  public void close() {
    shutdown.stop();
    events.close();
    subscription.cancel();
    runs.close();
    app.stop();
  }

  private static Optional<String> password(UiSettings settings) throws IOException {
    Optional<String> password = Optional.empty();
    if (settings.passwordFile().isPresent()) {
      Path file = settings.passwordFile().get();
      if (!Files.isReadable(file)) {
        throw new DiztlException(
            ErrorKind.FAILED_PRECONDITION, "the web UI password file " + file + " cannot be read");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new DiztlException(
            ErrorKind.FAILED_PRECONDITION, "the web UI password file " + file + " is empty");
      }
      password = Optional.of(text);
    }
    if (password.isEmpty() && !InetAddress.getByName(settings.bindHost()).isLoopbackAddress()) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION,
          "the web UI binds to "
              + settings.bindHost()
              + ", beyond this machine: give a password with --ui-password-file, or bind to "
              + UiSettings.DEFAULT_BIND);
    }
    return password;
  }

  private static String urlHost(String bindHost) throws IOException {
    InetAddress address = InetAddress.getByName(bindHost);
    if (address.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    return bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
  }

  /** Answers a refused or failed request: JSON for the API, the login page or an error page. */
  private static void refuse(
      Context ctx, Views views, Json json, Login login, int status, String message, HttpError e) {
    ctx.attribute(REFUSED, Boolean.TRUE);
    ctx.status(status);
    if (e != null && e.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept");
    if (ctx.path().startsWith("/api/") || (accept.contains("json") && !accept.contains("html"))) {
      ctx.contentType("application/json").result(json.write(Map.of("error", message)));
    } else if (ctx.header("HX-Request") != null || accept.contains("text/event-stream")) {
      ctx.contentType("text/plain;charset=utf-8").result(message);
    } else if (status == 401 || status == 429) {
      login.page(ctx, message);
    } else {
      Map<String, Object> params = new HashMap<>();
      params.put("chrome", views.publicChrome("Error " + status));
      params.put("message", message);
      Views.html(ctx, views.render("error.jte", params));
    }
  }
}
