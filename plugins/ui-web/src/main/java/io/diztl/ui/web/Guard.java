package io.diztl.ui.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The checks every request passes before it is answered: the security headers, an allowed {@code
 * Host}, a matching {@code Origin} on anything but GET and HEAD, and a login (the session cookie,
 * or for the API the key as {@code Authorization: Bearer}). A login link's one-time token is
 * exchanged here for the cookie.
 */
final class Guard {

  static final String CSP =
      "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none';"
          + " object-src 'none'";

  private final HostPolicy hosts;
  private final Sessions sessions;
  private final String apiKey;
  private final String cookieName;

  Guard(HostPolicy hosts, Sessions sessions, String apiKey, int port) {
    this.hosts = hosts;
    this.sessions = sessions;
    this.apiKey = apiKey;
    this.cookieName = "diztl_ui_" + port;
  }

  /** Runs before every handler; refuses with an {@link HttpError}. */
  void check(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    // Not "no-referrer": under it browsers send "Origin: null" with plain form posts, which the
    // Origin check below must refuse.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
    String host = ctx.header("Host");
    if (!hosts.allows(host)) {
      throw new HttpError(403, "this server does not answer to the host name given");
    }
    String path = ctx.path();
    boolean api = path.startsWith("/api/");
    boolean bearer = api && bearer(ctx);
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      checkOrigin(ctx, host, bearer);
    }
    if (path.startsWith("/assets/")) {
      return;
    }
    String token = ctx.queryParam("token");
    if (token != null && !api && method.equals("GET")) {
      exchange(ctx, token);
      return;
    }
    if (path.equals("/login") || bearer || sessions.touch(ctx.cookie(cookieName))) {
      return;
    }
    if (api || method.equals("POST") || ctx.header("HX-Request") != null || wantsEvents(ctx)) {
      throw new HttpError(
          401,
          "not logged in: open the address printed by 'diztl ui', or send the key of the file "
              + ApiKey.FILE_NAME
              + " as 'Authorization: Bearer KEY'");
    }
    String next = path + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    ctx.redirect(
        "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    ctx.skipRemainingHandlers();
  }

  /** Sets the session cookie of a new session. */
  void login(Context ctx, String session) {
    ctx.res()
        .addHeader(
            "Set-Cookie", cookieName + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
  }

  /** Ends the request's session and clears its cookie. */
  void logout(Context ctx) {
    sessions.close(ctx.cookie(cookieName));
    ctx.res()
        .addHeader("Set-Cookie", cookieName + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  }

  /** A local address to go to after logging in: {@code next} when it is one, else the search. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return "/search";
    }
    return next;
  }

  private void exchange(Context ctx, String token) {
    String session = sessions.redeem(token);
    if (session == null) {
      throw new HttpError(
          401, "this login link was already used or has expired: run 'diztl ui' for a new one");
    }
    login(ctx, session);
    StringBuilder rest = new StringBuilder();
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              if (!name.equals("token")) {
                values.forEach(
                    value ->
                        rest.append(rest.isEmpty() ? "?" : "&")
                            .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                            .append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
              }
            });
    String target = ctx.path().equals("/") || ctx.path().equals("/login") ? "/search" : ctx.path();
    ctx.redirect(target + rest, HttpStatus.SEE_OTHER);
    ctx.skipRemainingHandlers();
  }

  private boolean bearer(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null) {
      return false;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && Secrets.same(apiKey, authorization.substring(7).strip())) {
      return true;
    }
    throw new HttpError(401, "the API key given in the Authorization header is not this node's");
  }

  private static void checkOrigin(Context ctx, String host, boolean bearer) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      if (bearer) {
        return;
      }
      throw new HttpError(403, "cross-origin request refused: the Origin header is missing");
    }
    if (!origin.toLowerCase(Locale.ROOT).equals("http://" + host.toLowerCase(Locale.ROOT))) {
      throw new HttpError(403, "cross-origin request refused");
    }
  }

  private static boolean wantsEvents(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/event-stream");
  }
}
