package io.diztl.ui.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-time login tokens and the browser sessions they open. A token is valid for {@link
 * #TOKEN_LIFETIME} and opens one session; a session ends after {@link #IDLE_LIMIT} without
 * requests, after {@link #MAX_AGE} in any case, or at logout. Thread-safe.
 */
final class Sessions {

  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
  static final Duration IDLE_LIMIT = Duration.ofHours(12);
  static final Duration MAX_AGE = Duration.ofDays(7);
  private static final int MAX_TOKENS = 64;
  private static final int MAX_SESSIONS = 256;

  private record Session(Instant created, Instant lastSeen) {}

  private final Clock clock;
  private final Map<String, Instant> tokens = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A fresh one-time token. */
  synchronized String newToken() {
    purge();
    if (tokens.size() >= MAX_TOKENS) {
      tokens.remove(tokens.keySet().iterator().next());
    }
    String token = Secrets.token();
    tokens.put(token, clock.instant().plus(TOKEN_LIFETIME));
    return token;
  }

  /** Uses up a token and returns the new session's id, or null when the token is unknown. */
  synchronized String redeem(String token) {
    purge();
    String match = null;
    for (String known : tokens.keySet()) {
      if (Secrets.same(known, token)) {
        match = known;
      }
    }
    if (match == null) {
      return null;
    }
    tokens.remove(match);
    return open();
  }

  /** Opens a session (after a password login) and returns its id. */
  synchronized String open() {
    purge();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.remove(sessions.keySet().iterator().next());
    }
    String id = Secrets.token();
    Instant now = clock.instant();
    sessions.put(id, new Session(now, now));
    return id;
  }

  /** Whether the session is open; counts as activity. */
  synchronized boolean touch(String id) {
    if (id == null) {
      return false;
    }
    purge();
    Session session = sessions.get(id);
    if (session == null) {
      return false;
    }
    sessions.put(id, new Session(session.created(), clock.instant()));
    return true;
  }

  /** Ends a session. */
  synchronized void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  private void purge() {
    Instant now = clock.instant();
    tokens.values().removeIf(expiry -> !now.isBefore(expiry));
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      Session session = it.next();
      if (!now.isBefore(session.lastSeen().plus(IDLE_LIMIT))
          || !now.isBefore(session.created().plus(MAX_AGE))) {
        it.remove();
      }
    }
  }
}
