package io.diztl.node.internal;

import io.diztl.node.internal.piece.PieceSource;
import java.io.IOException;

/** A piece source that tells {@link DownloadListener#sourceBytes} of each chunk it gives. */
final class CountingSource implements PieceSource {

  private final PieceSource source;
  private final DownloadListener listener;

  CountingSource(PieceSource source, DownloadListener listener) {
    this.source = source;
    this.listener = listener;
  }

  @Override
  public String id() {
    return source.id();
  }

  @Override
  public void fetch(long offset, long length, Sink sink) throws IOException {
    source.fetch(
        offset,
        length,
        chunk -> {
          listener.sourceBytes(source.id(), chunk.remaining());
          return sink.accept(chunk);
        });
  }
}
