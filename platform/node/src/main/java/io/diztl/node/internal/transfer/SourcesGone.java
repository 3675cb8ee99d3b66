package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;

/**
 * A download that cannot go on for now because no node that has its content can be reached (they
 * left, or every one failed); {@code UNAVAILABLE}. The {@link DownloadManager} keeps such a
 * download queued and tries it again later, instead of failing it.
 */
public final class SourcesGone extends DiztlException {

  private static final long serialVersionUID = 1L;

  /** Says why no source could be used. */
  public SourcesGone(String message) {
    super(ErrorKind.UNAVAILABLE, message);
  }

  /** Says why no source could be used, and what failed last. */
  public SourcesGone(String message, Throwable cause) {
    super(ErrorKind.UNAVAILABLE, message, cause);
  }
}
