package io.diztl.ui.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The login page (open the link printed by {@code diztl ui}, or give the password when one is set),
 * password logins with their rate limit, and logging out.
 */
final class Login {

  private final Views views;
  private final Optional<String> password;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final Supplier<Guard> guard;

  Login(
      Views views,
      Optional<String> password,
      Sessions sessions,
      LoginThrottle throttle,
      Supplier<Guard> guard) {
    this.views = views;
    this.password = password;
    this.sessions = sessions;
    this.throttle = throttle;
    this.guard = guard;
  }

  /** Renders the login page with a message (the status is the caller's). */
  void page(Context ctx, String message) {
    String next = Guard.safeNext(ctx.queryParam("next"));
    Map<String, Object> params = new HashMap<>();
    params.put("chrome", views.publicChrome("Log in"));
    params.put("model", new LoginPage(password.isPresent(), message, next));
    Views.html(ctx, views.render("login.jte", params));
  }

  /** {@code POST /login} with {@code password} (and {@code next}). */
  void submit(Context ctx) {
    if (password.isEmpty()) {
      throw new HttpError(401, "this node has no password: open the address printed by 'diztl ui'");
    }
    String client = ctx.ip();
    long wait = throttle.waitSeconds(client);
    if (wait > 0) {
      throw new HttpError(429, "too many failed logins: try again in " + Fmt.duration(wait), wait);
    }
    if (!Secrets.same(password.get(), ctx.formParam("password"))) {
      throttle.failed(client);
      throw new HttpError(401, "wrong password");
    }
    throttle.succeeded(client);
    guard.get().login(ctx, sessions.open());
    ctx.redirect(Guard.safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
  }

  /** {@code POST /logout}. */
  void logout(Context ctx) {
    guard.get().logout(ctx);
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }
}
