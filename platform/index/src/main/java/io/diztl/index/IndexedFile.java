package io.diztl.index;

import io.diztl.api.FileType;
import io.diztl.api.ui.Snippet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One file of the index.
 *
 * @param id stable id derived from the relative path (see {@link ShareIndex#idOf(String)})
 * @param path path relative to the share folder, with '/' separators
 * @param name file name without folders
 * @param extension lower-case extension without dot, empty when the name has none
 * @param type type category derived from the extension
 * @param size size in bytes
 * @param modifiedMillis last modification time in milliseconds since the epoch
 * @param sha256 the content identity, lower-case hex (the SHA-256 Merkle root of {@link
 *     PieceHashes}, which is the plain SHA-256 for files of up to 16 KiB), empty until the
 *     background hasher got to it
 * @param score relevance in the search that returned it, 0 outside a search
 * @param metadata the file's metadata for display, by field name in the order extracted: text on
 *     one line and shortened to about 120 characters, numbers plain, dates ISO-8601 (UTC)
 * @param matchedBy what matched this file in the search that returned it, in query order: {@code
 *     "name"}, {@code "path"}, metadata field names and matcher prefixes; empty outside a search
 * @param snippets passages of the text fields that matched, with the matched words marked, best
 *     first, at most {@value Snippet#MAX_PER_HIT}; empty outside a search
 */
public record IndexedFile(
    String id,
    String path,
    String name,
    String extension,
    FileType type,
    long size,
    long modifiedMillis,
    String sha256,
    float score,
    Map<String, List<String>> metadata,
    List<String> matchedBy,
    List<Snippet> snippets) {

  /** Checks the parts and makes the collections unmodifiable copies. */
  public IndexedFile {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(matchedBy, "matchedBy");
    snippets = List.copyOf(snippets);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    metadata.forEach((field, values) -> copy.put(field, List.copyOf(values)));
    metadata = Collections.unmodifiableMap(copy);
    matchedBy = List.copyOf(matchedBy);
  }

  /** A file with metadata and what matched it, without snippets. */
  public IndexedFile(
      String id,
      String path,
      String name,
      String extension,
      FileType type,
      long size,
      long modifiedMillis,
      String sha256,
      float score,
      Map<String, List<String>> metadata,
      List<String> matchedBy) {
    this(
        id,
        path,
        name,
        extension,
        type,
        size,
        modifiedMillis,
        sha256,
        score,
        metadata,
        matchedBy,
        List.of());
  }

  /** This file with {@code found} as its snippets. */
  public IndexedFile withSnippets(List<Snippet> found) {
    return new IndexedFile(
        id,
        path,
        name,
        extension,
        type,
        size,
        modifiedMillis,
        sha256,
        score,
        metadata,
        matchedBy,
        found);
  }

  /** A file without metadata, matched by nothing. */
  public IndexedFile(
      String id,
      String path,
      String name,
      String extension,
      FileType type,
      long size,
      long modifiedMillis,
      String sha256,
      float score) {
    this(id, path, name, extension, type, size, modifiedMillis, sha256, score, Map.of(), List.of());
  }
}
