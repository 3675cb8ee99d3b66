package io.diztl.index.internal;

import io.diztl.api.FileType;
import io.diztl.index.FolderItem;
import io.diztl.index.FolderPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Lists one folder of the index in a single pass over the documents under it (a prefix query on the
 * path), reading doc values only: the path tells a direct file from one deeper down, whose size and
 * time are added to the sub-folder it lies in. Entries up to the page's start key are passed over
 * without being kept; only the page's files get an id.
 */
final class FolderLister {

  private final String folder;
  private final byte[] prefix;
  private final EntryKey after;
  private final Map<String, Totals> folders = new HashMap<>();
  private final List<FileRow> files = new ArrayList<>();
  private long matched;
  private byte[] lastFolder = new byte[0];
  private Totals lastTotals;

  private FolderLister(String folder, EntryKey after) {
    this.folder = folder;
    this.prefix = (folder.isEmpty() ? "" : folder + "/").getBytes(StandardCharsets.UTF_8);
    this.after = after;
  }

  /**
   * One page of {@code folder} (normalised, empty for the share) after the entry {@code after}
   * (null for the first page); empty when the index holds nothing under a folder other than the
   * share itself.
   */
  static Optional<FolderPage> list(
      IndexSearcher searcher, String folder, EntryKey after, int pageSize) throws IOException {
    FolderLister lister = new FolderLister(folder, after);
    Query query =
        folder.isEmpty()
            ? MatchAllDocsQuery.INSTANCE
            : new PrefixQuery(new Term(DocumentMapper.PATH, folder + "/"));
    Weight weight =
        searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer != null) {
        lister.scan(leaf.reader(), scorer.iterator());
      }
    }
    if (lister.matched == 0 && !folder.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(lister.page(pageSize));
  }

  private void scan(LeafReader reader, DocIdSetIterator docs) throws IOException {
    SortedSetDocValues paths = DocValues.getSortedSet(reader, DocumentMapper.PATH);
    SortedSetDocValues hashes = DocValues.getSortedSet(reader, DocumentMapper.SHA256);
    SortedNumericDocValues sizes = DocValues.getSortedNumeric(reader, DocumentMapper.SIZE);
    SortedNumericDocValues times = DocValues.getSortedNumeric(reader, DocumentMapper.MTIME);
    Bits live = reader.getLiveDocs();
    for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
      if ((live != null && !live.get(doc)) || !paths.advanceExact(doc)) {
        continue;
      }
      matched++;
      BytesRef path = paths.lookupOrd(paths.nextOrd());
      int start = path.offset + prefix.length;
      int end = path.offset + path.length;
      int slash = indexOf(path.bytes, start, end, (byte) '/');
      long size = sizes.advanceExact(doc) ? sizes.nextValue() : 0;
      long mtime = times.advanceExact(doc) ? times.nextValue() : 0;
      if (slash >= 0) {
        Totals totals = totalsOf(path.bytes, start, slash);
        if (totals != null) {
          totals.add(size, mtime);
        }
      } else {
        EntryKey key =
            new EntryKey(false, new String(path.bytes, start, end - start, StandardCharsets.UTF_8));
        if (after == null || key.compareTo(after) > 0) {
          String sha =
              hashes.advanceExact(doc) ? hashes.lookupOrd(hashes.nextOrd()).utf8ToString() : "";
          files.add(new FileRow(key, size, mtime, sha));
        }
      }
    }
  }

  /** The totals of the sub-folder named by {@code bytes[from, to)}; null when before the page. */
  private Totals totalsOf(byte[] bytes, int from, int to) {
    // Documents come mostly in the order the share was walked: folder by folder.
    if (lastTotals != null && Arrays.equals(bytes, from, to, lastFolder, 0, lastFolder.length)) {
      return lastTotals.skipped ? null : lastTotals;
    }
    String name = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    Totals totals =
        folders.computeIfAbsent(
            name,
            n -> {
              EntryKey key = new EntryKey(true, n);
              return new Totals(key, after != null && key.compareTo(after) <= 0);
            });
    lastFolder = Arrays.copyOfRange(bytes, from, to);
    lastTotals = totals;
    return totals.skipped ? null : totals;
  }

  private FolderPage page(int pageSize) {
    List<FolderItem> entries = new ArrayList<>(Math.min(pageSize, folders.size() + files.size()));
    List<Totals> shown =
        folders.values().stream()
            .filter(totals -> !totals.skipped)
            .sorted(Comparator.comparing(totals -> totals.key))
            .limit(pageSize + 1L)
            .toList();
    for (Totals totals : shown) {
      String name = totals.key.name();
      entries.add(
          new FolderItem(
              name,
              pathOf(name),
              true,
              totals.size,
              totals.files,
              FileType.OTHER,
              "",
              "",
              totals.newest));
    }
    if (entries.size() <= pageSize) {
      files.sort(Comparator.comparing(FileRow::key));
      for (FileRow file : files) {
        if (entries.size() > pageSize) {
          break;
        }
        String name = file.key().name();
        String path = pathOf(name);
        entries.add(
            new FolderItem(
                name,
                path,
                false,
                file.size(),
                1,
                FileType.ofExtension(DocumentMapper.extensionOf(name)),
                DocumentMapper.idOf(path),
                file.sha256(),
                file.mtime()));
      }
    }
    if (entries.size() <= pageSize) {
      return new FolderPage(folder, entries, "");
    }
    List<FolderItem> page = entries.subList(0, pageSize);
    FolderItem last = page.getLast();
    return new FolderPage(folder, page, new EntryKey(last.folder(), last.name()).token());
  }

  private String pathOf(String name) {
    return folder.isEmpty() ? name : folder + "/" + name;
  }

  private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** What a sub-folder holds at any depth; {@code skipped} when it sorts before the page. */
  private static final class Totals {
    final EntryKey key;
    final boolean skipped;
    long size;
    long files;
    long newest = Long.MIN_VALUE;

    Totals(EntryKey key, boolean skipped) {
      this.key = key;
      this.skipped = skipped;
    }

    void add(long fileSize, long mtime) {
      size += fileSize;
      files++;
      newest = Math.max(newest, mtime);
    }
  }

  /** A direct file of the folder, before it becomes an entry. */
  private record FileRow(EntryKey key, long size, long mtime, String sha256) {}
}
