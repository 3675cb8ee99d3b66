package io.diztl.node.internal.piece;

import io.diztl.index.PieceDigest;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one request's bytes, a run of pieces, straight from the buffers they came in: each piece is
 * hashed as its bytes come ({@link PieceDigest}) and, as this stream holds it in the part, written
 * at its place with one gathering write per message ({@link PiecePartial#writeReceived}), without a
 * copy into a piece buffer. Once a piece is all there, {@link Pieces} hears whether it matched. A
 * piece another stream holds in the part (an endgame's double) is gathered into a buffer of its own
 * instead, to be stored whole once verified. What came is in the part before the call returns, so a
 * kill loses only what was on the wire. One per request; not thread-safe.
 */
final class PieceReceiver implements PieceSource.Sink {

  private static final Logger LOG = LoggerFactory.getLogger(PieceReceiver.class);

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** Hears of each piece received whole. */
  interface Pieces {
    /**
     * Piece {@code piece} was received whole and {@code matched} its hash or not; {@code buffered}
     * holds it when this stream could not write it into the part (null: the part holds it, as this
     * stream wrote it, unless another source's copy was verified meanwhile).
     *
     * @return false to end the request
     */
    boolean received(int piece, boolean matched, ByteBuffer buffered) throws IOException;

    /** Whether the request goes on with piece {@code piece}, the next one. */
    boolean goesOn(int piece);

    /** Writing into the part failed with {@code e}: the download stops. */
    void storeFailed(IOException e);
  }

  /** Where a piece's bytes go: the part, a buffer of their own, or nowhere (verified elsewhere). */
  private enum Target {
    PART,
    BUFFER,
    NOWHERE
  }

  private final PiecePartial partial;
  private final PieceHashes hashes;
  private final String stream;
  private final Pieces pieces;
  private final int end;
  private final PieceDigest digest;
  private final int kept;
  private ByteBuffer buffer;
  private ByteBuffer[] gathered = new ByteBuffer[16];
  private int count;
  private int piece;
  private int received;
  private int stored;
  private Target target = Target.PART;

  /**
   * Receives pieces {@code [first, end)} for {@code stream} into {@code partial}, the first one
   * from the start of it the part holds if {@code stream} may go on with it ({@link
   * PiecePartial#takePrefix}); {@link #kept()} tells how much that was (none when it cannot be
   * read).
   */
  PieceReceiver(PiecePartial partial, String stream, int first, int end, Pieces pieces) {
    this.partial = partial;
    this.hashes = partial.hashes();
    this.stream = stream;
    this.pieces = pieces;
    this.end = end;
    this.digest = new PieceDigest(hashes);
    this.piece = first;
    digest.start(first);
    int prefix = 0;
    if (partial.prefix(first) > 0) {
      ByteBuffer start = ByteBuffer.allocate(hashes.length(first));
      try {
        prefix = partial.takePrefix(first, stream, start);
        digest.update(start.flip());
      } catch (IOException e) {
        LOG.debug("Cannot read the start of piece {} from the part: {}", first, e.toString());
      }
    }
    this.kept = prefix;
    this.received = prefix;
    this.stored = prefix;
  }

  /** How many bytes of the first piece the part held already: the request starts after them. */
  int kept() {
    return kept;
  }

  /** The piece being received (the end of the run once all came). */
  int piece() {
    return piece;
  }

  @Override
  public boolean accept(ByteBuffer chunk) throws IOException {
    return take(chunk) && store();
  }

  @Override
  public boolean acceptAll(ByteBuffer[] chunks, int size) throws IOException {
    for (int i = 0; i < size; i++) {
      if (!take(chunks[i])) {
        return false;
      }
    }
    return store();
  }

  /** Hashes and gathers {@code chunk}, handing over each piece it completes. */
  private boolean take(ByteBuffer chunk) throws IOException {
    while (chunk.hasRemaining()) {
      if (piece == end) {
        throw new IOException(stream + " sent more than the bytes asked for");
      }
      int length = hashes.length(piece);
      int take = Math.min(chunk.remaining(), length - received);
      ByteBuffer slice = chunk;
      if (take < chunk.remaining()) {
        slice = chunk.slice(chunk.position(), take);
        chunk.position(chunk.position() + take);
      } else {
        chunk = EMPTY; // all of it is this piece's: no view of it needed
      }
      digest.update(slice);
      if (count == gathered.length) {
        gathered = Arrays.copyOf(gathered, count * 2);
      }
      gathered[count++] = slice;
      received += take;
      if (received == length && !complete()) {
        return false;
      }
    }
    return true;
  }

  /** The current piece came whole: stores what is gathered, hands it over, starts the next. */
  private boolean complete() throws IOException {
    if (!store()) {
      return false;
    }
    boolean matched = digest.matches();
    ByteBuffer whole = target == Target.BUFFER ? buffer.flip() : null;
    int done = piece++;
    received = 0;
    stored = 0;
    target = Target.PART;
    if (piece < end) {
      digest.start(piece);
    }
    return pieces.received(done, matched, whole) && (piece == end || pieces.goesOn(piece));
  }

  /** Puts what is gathered of the current piece where it goes; false when the part failed. */
  private boolean store() {
    if (count == 0) {
      return true;
    }
    try {
      if (target == Target.PART && !partial.writeReceived(piece, stored, gathered, count, stream)) {
        // From its start: another stream holds it. Midway: another source's copy was verified.
        target = stored == 0 ? Target.BUFFER : Target.NOWHERE;
      }
    } catch (IOException e) {
      pieces.storeFailed(e);
      return false;
    }
    if (target == Target.BUFFER) {
      if (stored == 0) {
        if (buffer == null) {
          buffer = ByteBuffer.allocate(hashes.pieceSize());
        }
        buffer.clear();
      }
      for (int i = 0; i < count; i++) {
        buffer.put(gathered[i]);
      }
    }
    Arrays.fill(gathered, 0, count, null);
    count = 0;
    stored = received;
    return true;
  }
}
