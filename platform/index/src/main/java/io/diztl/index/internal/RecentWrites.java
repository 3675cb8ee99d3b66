package io.diztl.index.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records written since the searcher was last refreshed, by path, so that the index reads its
 * own writes before they become searchable. Each write gets a sequence number; a refresh that began
 * after a write forgets it.
 */
final class RecentWrites {

  /** A write: its sequence number and the record, null for a deletion. */
  private record Entry(long sequence, FileRecord record) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * Runs {@code write} (which writes {@code record} at {@code path}, or deletes it when {@code
   * record} is null) and remembers the outcome, atomically for this path.
   */
  void write(String path, FileRecord record, Runnable write) {
    entries.compute(
        path,
        (key, previous) -> {
          write.run();
          return new Entry(sequence.incrementAndGet(), record);
        });
  }

  /** Remembers that every record at a path under {@code folder} + '/' was deleted. */
  void deletedUnder(String folder) {
    String prefix = folder + "/";
    entries.replaceAll(
        (path, entry) ->
            path.startsWith(prefix) ? new Entry(sequence.incrementAndGet(), null) : entry);
  }

  /** Remembers that every record was deleted. */
  void deletedAll() {
    entries.replaceAll((path, entry) -> new Entry(sequence.incrementAndGet(), null));
  }

  /**
   * The last write at {@code path}: empty when none is remembered, an empty inner optional for a
   * deletion.
   */
  Optional<Optional<FileRecord>> find(String path) {
    Entry entry = entries.get(path);
    return entry == null ? Optional.empty() : Optional.of(Optional.ofNullable(entry.record()));
  }

  /** The sequence number of the last write so far; take it before a refresh begins. */
  long mark() {
    return sequence.get();
  }

  /** Forgets the writes up to {@code mark}, which a refresh begun after them made searchable. */
  void forget(long mark) {
    // Conditional removal: an entry replaced meanwhile by a newer write stays.
    entries.values().removeIf(entry -> entry.sequence() <= mark);
  }
}
