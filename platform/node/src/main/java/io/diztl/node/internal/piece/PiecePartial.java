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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partial file of one content, named by its identity ({@code <root>.part}), with a record of
 * the pieces verified in it ({@code <root>.pieces}): pieces are written at their place as they
 * arrive, from several sources at once, and the record lists only pieces whose bytes were forced to
 * disk before it was written (atomically). A record that does not fit the content is ignored; on
 * opening, pieces written after the last {@link #sync()} are verified again from the part and kept,
 * so a crash costs only what was in flight. Thread-safe.
 *
 * <p>A piece's bytes may also be written as they are received, before the piece is complete and
 * verified ({@link #writeReceived}), by one stream at a time (the piece's holder), in order from
 * the piece's start: when the process dies, what it received is in the part, and on opening the
 * written start of each unverified piece (up to its last non-zero byte) is kept as that piece's
 * {@link #prefix} for a later stream to go on from ({@link #takePrefix}). Such bytes are never
 * trusted: the piece counts only once the whole of it verifies, and a verified piece is never
 * written again.
 */
public final class PiecePartial implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PiecePartial.class);

  private static final int MAGIC = 0x445a5031; // "DZP1"
  private static final int PROBE_BYTES = 4096;

  /** Locks of the pieces being received, shared by the pieces with the same remainder. */
  private static final int STRIPES = 64;

  private final PieceHashes hashes;
  private final Path part;
  private final Path record;
  private final FileChannel channel;
  private final BitSet verified;
  private final BitSet unsynced = new BitSet();
  private final Object syncLock = new Object();
  private final Object[] stripes = new Object[STRIPES];

  /** The pieces not verified whose start is in the part, held by a stream or left by one. */
  private final Map<Integer, Receiving> receiving = new ConcurrentHashMap<>();

  /** The channels streams write received bytes through, opened at their first gathering write. */
  private final Map<String, FileChannel> writers = new ConcurrentHashMap<>();

  /**
   * What the part holds of one unverified piece: its first {@code written} bytes, written in order
   * by {@code holder} (null when no stream goes on with it; found on opening, or released).
   */
  private static final class Receiving {
    String holder;
    int written;
  }

  private PiecePartial(
      PieceHashes hashes, Path part, Path record, FileChannel channel, BitSet had) {
    this.hashes = hashes;
    this.part = part;
    this.record = record;
    this.channel = channel;
    this.verified = had;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
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
   * record. A piece that does not verify keeps its start up to its last non-zero byte as a {@link
   * #prefix} (what was received of it; zeros it ended with are fetched again).
   */
  private void recoverUnrecorded(long written) throws IOException {
    ByteBuffer buffer = null;
    long prefixBytes = 0;
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
      } else {
        int prefix = nonZeroLength(buffer.rewind());
        if (prefix > 0 && prefix < hashes.length(i)) {
          Receiving left = new Receiving();
          left.written = prefix;
          receiving.put(i, left);
          prefixBytes += prefix;
        }
      }
    }
    if (!receiving.isEmpty()) {
      LOG.info(
          "Resuming {}: {} bytes of {} unfinished pieces kept",
          hashes.rootHex(),
          prefixBytes,
          receiving.size());
    }
  }

  /** The length of {@code bytes} up to its last non-zero byte. */
  private static int nonZeroLength(ByteBuffer bytes) {
    int end = bytes.limit();
    while (end > bytes.position() && bytes.get(end - 1) == 0) {
      end--;
    }
    return end - bytes.position();
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
   * The pieces not verified whose start the part holds (see {@link #prefix}), when they were found
   * or last released.
   */
  public BitSet prefixed() {
    BitSet pieces = new BitSet();
    receiving.forEach(
        (piece, state) -> {
          synchronized (stripe(piece)) {
            if (state.written > 0) {
              pieces.set(piece);
            }
          }
        });
    return pieces;
  }

  /** How many bytes of the start of unverified piece {@code piece} the part holds (0 for none). */
  public int prefix(int piece) {
    synchronized (stripe(piece)) {
      Receiving state = receiving.get(piece);
      return state == null ? 0 : state.written;
    }
  }

  /** How many bytes of the starts of unverified pieces the part holds. */
  public long prefixBytes() {
    long bytes = 0;
    for (int piece : receiving.keySet()) {
      bytes += prefix(piece);
    }
    return bytes;
  }

  /**
   * Makes {@code stream} the holder of piece {@code piece} if no other stream holds it and reads
   * the start of it the part holds into {@code into} (from its position; it must have room for the
   * piece): the stream goes on receiving from there.
   *
   * @return the bytes read, fewer than the piece's: 0 when the piece is verified, held by another
   *     stream, or has no start (or all of it, unverified) in the part
   */
  public int takePrefix(int piece, String stream, ByteBuffer into) throws IOException {
    synchronized (stripe(piece)) {
      Receiving state = receiving.get(piece);
      if (state == null
          || state.written == 0
          || state.written >= hashes.length(piece)
          || state.holder != null && !state.holder.equals(stream)
          || isVerified(piece)) {
        return 0;
      }
      int length = state.written;
      ByteBuffer prefix = into.slice(into.position(), length);
      readFully(prefix, hashes.offset(piece));
      if (prefix.hasRemaining()) {
        return 0;
      }
      into.position(into.position() + length);
      state.holder = stream;
      return length;
    }
  }

  /**
   * Writes bytes of piece {@code piece} as {@code stream} receives them, before the piece is
   * verified, {@code at} bytes from its start: only the piece's holder may write, and only where
   * its last write ended (a stream that starts the piece from byte 0 becomes its holder if it has
   * none).
   *
   * @return whether the bytes were written (false: verified, held by another, or out of order)
   */
  public boolean writeReceived(int piece, int at, ByteBuffer bytes, String stream)
      throws IOException {
    return writeReceived(piece, at, new ByteBuffer[] {bytes.duplicate()}, 1, stream);
  }

  /**
   * {@link #writeReceived(int, int, ByteBuffer, String)} of the remaining bytes of {@code
   * bytes[0..count)}, one after the other, in one gathering write through a channel of the stream's
   * own (each stream writes its own pieces at their places; the part's channel is shared). Consumes
   * the buffers when it writes them.
   */
  public boolean writeReceived(int piece, int at, ByteBuffer[] bytes, int count, String stream)
      throws IOException {
    long length = 0;
    for (int i = 0; i < count; i++) {
      length += bytes[i].remaining();
    }
    if (at < 0 || at + length > hashes.length(piece)) {
      throw new IllegalArgumentException(
          "expected bytes within piece " + piece + ", found " + length + " at " + at);
    }
    synchronized (stripe(piece)) {
      if (isVerified(piece)) {
        return false;
      }
      Receiving state = receiving.get(piece);
      if (state == null || state.holder == null && at == 0) {
        if (at != 0) {
          return false;
        }
        state = new Receiving();
        state.holder = stream;
        receiving.put(piece, state);
      }
      if (!stream.equals(state.holder) || at != state.written) {
        return false;
      }
      if (count == 1) {
        writeAt(bytes[0], hashes.offset(piece) + at);
      } else {
        FileChannel writer = writer(stream);
        writer.position(hashes.offset(piece) + at);
        for (int first = 0; first < count; ) {
          writer.write(bytes, first, count - first);
          while (first < count && !bytes[first].hasRemaining()) {
            first++;
          }
        }
      }
      state.written = at + (int) length;
      return true;
    }
  }

  /** The channel {@code stream} writes its received bytes through (positioned by the caller). */
  private FileChannel writer(String stream) throws IOException {
    FileChannel writer = writers.get(stream);
    if (writer == null) {
      writer = FileChannel.open(part, StandardOpenOption.WRITE);
      writers.put(stream, writer);
    }
    return writer;
  }

  /**
   * Records verified piece {@code piece} as the bytes {@code stream} wrote of it ({@link
   * #writeReceived}): all of it, in order, and nothing else since. It is recorded at the next
   * {@link #sync()}.
   *
   * @return false when nothing was recorded: the piece is verified already, or {@code stream} did
   *     not write all of it
   */
  public boolean keepWritten(int piece, String stream) {
    synchronized (stripe(piece)) {
      Receiving state = receiving.get(piece);
      if (isVerified(piece)
          || state == null
          || !stream.equals(state.holder)
          || state.written != hashes.length(piece)) {
        return false;
      }
      receiving.remove(piece);
      markVerified(piece);
      return true;
    }
  }

  /**
   * {@code stream} goes on with piece {@code piece} no more: another may take it over from what it
   * wrote.
   */
  public void release(int piece, String stream) {
    synchronized (stripe(piece)) {
      Receiving state = receiving.get(piece);
      if (state != null && stream.equals(state.holder)) {
        state.holder = null;
      }
    }
  }

  /**
   * The start of piece {@code piece} in the part is not to be trusted (the piece it began failed
   * its check): no stream goes on from it.
   */
  public void forgetPrefix(int piece) {
    synchronized (stripe(piece)) {
      receiving.remove(piece);
    }
  }

  /**
   * Stores verified piece {@code piece} as received by {@code stream}: when that stream holds the
   * piece and wrote all of it (the part then holds exactly {@code data}), nothing is written again;
   * otherwise it is written at its place. It is recorded at the next {@link #sync()}.
   *
   * @return false when the piece was verified already (nothing written)
   * @throws IllegalArgumentException if {@code data} does not hold exactly that piece's length
   */
  public boolean write(int piece, ByteBuffer data, String stream) throws IOException {
    checkLength(piece, data);
    synchronized (stripe(piece)) {
      if (isVerified(piece)) {
        return false;
      }
      Receiving state = receiving.remove(piece);
      if (state == null || !stream.equals(state.holder) || state.written != data.remaining()) {
        writeAt(data.duplicate(), hashes.offset(piece));
      }
      markVerified(piece);
      return true;
    }
  }

  /**
   * Writes verified piece {@code piece} at its place; it is recorded at the next {@link #sync()}.
   *
   * @throws IllegalArgumentException if {@code data} does not hold exactly that piece's length
   */
  public void write(int piece, ByteBuffer data) throws IOException {
    checkLength(piece, data);
    synchronized (stripe(piece)) {
      receiving.remove(piece);
      writeAt(data.duplicate(), hashes.offset(piece));
      markVerified(piece);
    }
  }

  private Object stripe(int piece) {
    return stripes[Math.floorMod(piece, STRIPES)];
  }

  private synchronized boolean isVerified(int piece) {
    return verified.get(piece);
  }

  private synchronized void markVerified(int piece) {
    verified.set(piece);
    unsynced.set(piece);
  }

  private void writeAt(ByteBuffer bytes, long at) throws IOException {
    long position = at;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  private void checkLength(int piece, ByteBuffer data) {
    if (data.remaining() != hashes.length(piece)) {
      throw new IllegalArgumentException(
          "expected "
              + hashes.length(piece)
              + " bytes for piece "
              + piece
              + ", found "
              + data.remaining());
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
        // Every piece in the snapshot was written before it was taken; through the streams' own
        // channels too, which write the same file (force syncs the file, not one channel).
        channel.force(false);
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
      for (FileChannel writer : writers.values()) {
        writer.close();
      }
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
