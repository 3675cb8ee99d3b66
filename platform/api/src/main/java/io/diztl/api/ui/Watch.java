package io.diztl.api.ui;

import java.util.Objects;

/**
 * A standing query of this node: registered with the network, it reports each matching file as a
 * node indexes it, until it expires.
 *
 * @param id its id
 * @param query the query text, in the language of searches
 * @param createdMillis when it was registered, milliseconds since the epoch
 * @param expiresMillis when it ends, milliseconds since the epoch
 * @param matches matches received so far
 * @param unseen matches received since it was last looked at
 * @since 0.3
 */
public record Watch(
    String id, String query, long createdMillis, long expiresMillis, long matches, long unseen) {

  /** Checks the parts. */
  public Watch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(query, "query");
  }
}
