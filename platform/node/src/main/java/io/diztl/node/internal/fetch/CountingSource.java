package io.diztl.node.internal.fetch;

import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.piece.PieceSource;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A piece source that tells {@link DownloadListener#sourceBytes} what it gives, about every {@link
 * #REPORT_BYTES} and at the end of each request: its chunks are gRPC's buffers, a few kilobytes
 * each, and telling of each one cost more than the bytes.
 */
final class CountingSource implements PieceSource {

  /** How many bytes are told at once (but for a request's last). */
  static final int REPORT_BYTES = 256 * 1024;

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
  public void askAhead(long offset, long length) {
    source.askAhead(offset, length);
  }

  @Override
  public void close() {
    source.close();
  }

  @Override
  public void fetch(long offset, long length, Sink sink) throws IOException {
    long[] untold = {0};
    try {
      source.fetch(
          offset,
          length,
          new Sink() {
            @Override
            public boolean accept(ByteBuffer chunk) throws IOException {
              count(chunk.remaining());
              return sink.accept(chunk);
            }

            @Override
            public boolean acceptAll(ByteBuffer[] chunks, int count) throws IOException {
              for (int i = 0; i < count; i++) {
                count(chunks[i].remaining());
              }
              return sink.acceptAll(chunks, count);
            }

            private void count(int bytes) {
              untold[0] += bytes;
              if (untold[0] >= REPORT_BYTES) {
                listener.sourceBytes(source.id(), untold[0]);
                untold[0] = 0;
              }
            }
          });
    } finally {
      if (untold[0] > 0) {
        listener.sourceBytes(source.id(), untold[0]);
      }
    }
  }
}
