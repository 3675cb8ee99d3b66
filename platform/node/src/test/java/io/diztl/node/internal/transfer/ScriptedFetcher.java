package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.FileRef;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.fetch.DownloadResult;
import io.grpc.Context;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fetcher whose every fetch waits until the test ends it: each call is handed to the test, which
 * reports progress and completes or fails it; cancelling the calling context fails it as the real
 * downloader does.
 */
final class ScriptedFetcher implements FileFetcher {

  /** One fetch in progress. */
  static final class Call {
    final FileRef ref;
    final Path targetDir;
    final DownloadListener listener;
    final CompletableFuture<DownloadResult> result = new CompletableFuture<>();

    Call(FileRef ref, Path targetDir, DownloadListener listener) {
      this.ref = ref;
      this.targetDir = targetDir;
      this.listener = listener;
    }

    void fail(DiztlException e) {
      result.completeExceptionally(e);
    }
  }

  final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

  /** The next fetch started, waiting at most 10 s for it. */
  Call next() throws InterruptedException {
    Call call = calls.poll(10, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("no fetch started");
    }
    return call;
  }

  @Override
  public DownloadResult fetch(
      FileRef ref, ExpectedFile expected, Path targetDir, DownloadListener listener) {
    Call call = new Call(ref, targetDir, listener);
    Context.current()
        .addListener(
            context ->
                call.fail(
                    new DiztlException(
                        ErrorKind.CANCELLED, "download of " + ref + " was cancelled")),
            Runnable::run);
    calls.add(call);
    try {
      return call.result.get();
    } catch (ExecutionException e) {
      throw (DiztlException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiztlException(ErrorKind.CANCELLED, "interrupted");
    }
  }
}
