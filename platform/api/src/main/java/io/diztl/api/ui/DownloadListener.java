package io.diztl.api.ui;

import io.diztl.api.DiztlException;
import java.nio.file.Path;

/**
 * Follows one {@link NodeFacade#download}, on a node thread, one call at a time.
 *
 * @since 0.1
 */
public interface DownloadListener {

  /** Bytes on disk so far (a resumed part included) of {@code total}. */
  void progress(String name, long received, long total);

  /** The file is verified and in place at {@code path}; nothing follows. */
  void completed(Path path, String sha256);

  /**
   * The download stopped; nothing follows. What was received is kept to resume.
   *
   * @since 0.2
   */
  void failed(DiztlException error);
}
