package io.diztl.node.internal.piece;

import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Objects;

/**
 * The partial file of one content, named by its identity ({@code <root>.part}), with a record of
 * the pieces verified in it ({@code <root>.pieces}): pieces are written at their place as they
 * arrive, from several sources at once, and the record lists only pieces whose bytes were forced to
 * disk before it was written (atomically). A record that does not fit the content is ignored; on
 * opening, pieces written after the last {@link #sync()} are verified again from the part and kept,
 * so a crash costs only what was in flight. Thread-safe.
 */
public final class PiecePartial implements AutoCloseable {

  private static final int MAGIC = 0x445a5031; // "DZP1"
  private static final int PROBE_BYTES = 4096;

  private final PieceHashes hashes;
  private final Path part;
  private final Path record;
  private final FileChannel channel;
  private final BitSet verified;
  private final BitSet unsynced = new BitSet();
  private final Object syncLock = new Object();

  private PiecePartial(
      PieceHashes hashes, Path part, Path record, FileChannel channel, BitSet had) {
    this.hashes = hashes;
    this.part = part;
    this.record = record;
    this.channel = channel;
    this.verified = had;
  }

  /**
   * Opens (or creates) the partial of the content {@code hashes} describe in {@code dir}, keeping
   * the pieces its record lists as verified.
   */
  public static PiecePartial open(Path dir, PieceHashes hashes) throws IOException {
    Objects.requireNonNull(hashes, "hashes");
    Path part = dir.resolve(hashes.rootHex() + ".part");
    Path record = dir.resolve(hashes.rootHex() + ".pieces");
    BitSet had = readRecord(record, hashes);
    FileChannel channel =
        FileChannel.open(
            part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long length;
    try {
      if (channel.size() > hashes.size()) {
        channel.truncate(hashes.size());
      }
      length = channel.size();
      for (int i = had.nextSetBit(0); i >= 0; i = had.nextSetBit(i + 1)) {
        if (hashes.offset(i) + hashes.length(i) > length) {
          had.clear(i); // the part lost what its record claims: not written by this class
        }
      }
      if (length < hashes.size()) {
        // Full length from the start: pieces are written at their place in any order.
        channel.write(ByteBuffer.allocate(1), hashes.size() - 1);
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    PiecePartial partial = new PiecePartial(hashes, part, record, channel, had);
    partial.recoverUnrecorded(length);
    return partial;
  }

  /**
   * Takes back the pieces written before a crash but after the last record: each piece the record
   * does not list, within the {@code written} bytes the part had, whose first bytes are not all
   * zero (a hole never written reads as zeros) is read and kept if it verifies. They are recorded
   * at the next sync, so a kill costs only what was in flight, not what was verified since the last
   * record.
   */
  private void recoverUnrecorded(long written) throws IOException {
    ByteBuffer buffer = null;
    for (int i = verified.nextClearBit(0); i < hashes.count(); i = verified.nextClearBit(i + 1)) {
      if (hashes.offset(i) + hashes.length(i) > written) {
        continue;
      }
      if (buffer == null) {
        buffer = ByteBuffer.allocate(hashes.pieceSize());
      }
      buffer.clear().limit(Math.min(PROBE_BYTES, hashes.length(i)));
      readFully(buffer, hashes.offset(i));
      if (allZero(buffer.flip())) {
        continue;
      }
      buffer.clear().limit(hashes.length(i));
      readFully(buffer, hashes.offset(i));
      if (hashes.verify(i, buffer.flip())) {
        verified.set(i);
        unsynced.set(i);
      }
    }
  }

  private void readFully(ByteBuffer buffer, long at) throws IOException {
    long position = at;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        return;
      }
      position += read;
    }
  }

  private static boolean allZero(ByteBuffer bytes) {
    while (bytes.remaining() >= Long.BYTES) {
      if (bytes.getLong() != 0) {
        return false;
      }
    }
    while (bytes.hasRemaining()) {
      if (bytes.get() != 0) {
        return false;
      }
    }
    return true;
  }

  /** The content this partial is of. */
  public PieceHashes hashes() {
    return hashes;
  }

  /** The partial file. */
  public Path part() {
    return part;
  }

  /** The pieces verified so far. */
  public synchronized BitSet verified() {
    return (BitSet) verified.clone();
  }

  /** How many bytes of verified pieces it holds. */
  public synchronized long verifiedBytes() {
    long bytes = 0;
    for (int i = verified.nextSetBit(0); i >= 0; i = verified.nextSetBit(i + 1)) {
      bytes += hashes.length(i);
    }
    return bytes;
  }

  /**
   * Writes verified piece {@code piece} at its place; it is recorded at the next {@link #sync()}.
   *
   * @throws IllegalArgumentException if {@code data} does not hold exactly that piece's length
   */
  public void write(int piece, ByteBuffer data) throws IOException {
    if (data.remaining() != hashes.length(piece)) {
      throw new IllegalArgumentException(
          "expected "
              + hashes.length(piece)
              + " bytes for piece "
              + piece
              + ", found "
              + data.remaining());
    }
    long at = hashes.offset(piece);
    ByteBuffer bytes = data.duplicate();
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
    synchronized (this) {
      verified.set(piece);
      unsynced.set(piece);
    }
  }

  /**
   * Forces the written pieces to disk, then records them. Writers go on meanwhile: what they write
   * is recorded at the next sync.
   */
  public void sync() throws IOException {
    synchronized (syncLock) {
      BitSet recorded;
      synchronized (this) {
        if (unsynced.isEmpty()) {
          return;
        }
        recorded = (BitSet) verified.clone();
        unsynced.clear();
      }
      try {
        channel.force(false); // every piece in the snapshot was written before it was taken
        writeRecord(recorded);
      } catch (IOException e) {
        synchronized (this) {
          unsynced.or(recorded);
        }
        throw e;
      }
    }
  }

  /** Syncs and closes the file; the partial stays for a later resume. */
  @Override
  public void close() throws IOException {
    try {
      if (channel.isOpen()) {
        sync();
      }
    } finally {
      channel.close();
    }
  }

  /** Drops the record of content {@code rootHex} in {@code dir}, once its part was placed. */
  public static void deleteRecord(Path dir, String rootHex) throws IOException {
    Files.deleteIfExists(dir.resolve(rootHex + ".pieces"));
  }

  private void writeRecord(BitSet recorded) throws IOException {
    byte[] bits = recorded.toByteArray();
    ByteBuffer buffer = ByteBuffer.allocate(4 + 8 + 4 + bits.length);
    buffer.putInt(MAGIC).putLong(hashes.size()).putInt(hashes.count()).put(bits).flip();
    Path temp = record.resolveSibling(record.getFileName() + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    try {
      Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, record, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static BitSet readRecord(Path record, PieceHashes hashes) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(record);
    } catch (NoSuchFileException e) {
      return new BitSet();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length < 16
        || buffer.getInt() != MAGIC
        || buffer.getLong() != hashes.size()
        || buffer.getInt() != hashes.count()) {
      return new BitSet();
    }
    BitSet had = BitSet.valueOf(buffer);
    return had.length() <= hashes.count() ? had : new BitSet();
  }
}
