package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.DownloadListener;
import java.nio.file.Path;

/** Joins the listeners of callers that follow the same download. */
final class Listeners {

  private Listeners() {}

  /** A listener telling {@code first}, then {@code second}; a null one is left out. */
  static DownloadListener both(DownloadListener first, DownloadListener second) {
    if (first == null) {
      return second;
    }
    if (second == null) {
      return first;
    }
    return new DownloadListener() {
      @Override
      public void progress(String name, long received, long total) {
        try {
          first.progress(name, received, total);
        } finally {
          second.progress(name, received, total);
        }
      }

      @Override
      public void completed(Path path, String sha256) {
        try {
          first.completed(path, sha256);
        } finally {
          second.completed(path, sha256);
        }
      }

      @Override
      public void failed(DiztlException error) {
        try {
          first.failed(error);
        } finally {
          second.failed(error);
        }
      }
    };
  }
}
