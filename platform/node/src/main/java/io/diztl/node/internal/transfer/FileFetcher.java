package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.node.FileRef;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.fetch.DownloadResult;
import java.nio.file.Path;

/** Fetches one file from the node that shares it; what a {@link DownloadManager} runs. */
public interface FileFetcher {

  /**
   * Downloads the file {@code ref} names into {@code targetDir}, verified, blocking until it is in
   * place; stops when the calling thread's gRPC context is cancelled, keeping what was received. A
   * peer that announces another file than {@code expected} is refused.
   *
   * @throws DiztlException of the kind that says why it failed
   */
  DownloadResult fetch(
      FileRef ref, ExpectedFile expected, Path targetDir, DownloadListener listener);
}
