package io.diztl.node.internal.transfer;

import java.util.Locale;
import java.util.Objects;

/**
 * What this node was told about a file before downloading it, by a search hit or a folder listing:
 * a peer whose download announces anything else is not believed.
 *
 * @param size the size in bytes, or -1 when unknown
 * @param sha256 the lower-case hex SHA-256, or empty when unknown (a file not hashed yet)
 */
public record ExpectedFile(long size, String sha256) {

  /** Nothing known: the peer's announcement is taken as it is. */
  public static final ExpectedFile UNKNOWN = new ExpectedFile(-1, "");

  /** Checks the parts; a negative size means unknown. */
  public ExpectedFile {
    size = Math.max(-1, size);
    sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
  }

  /** Whether a download announcing {@code announcedSize} and {@code announcedSha256} fits. */
  public boolean matches(long announcedSize, String announcedSha256) {
    return (size < 0 || size == announcedSize)
        && (sha256.isEmpty() || sha256.equalsIgnoreCase(announcedSha256));
  }

  @Override
  public String toString() {
    return (size < 0 ? "any size" : size + " bytes")
        + (sha256.isEmpty() ? "" : " with sha256 " + sha256);
  }
}
