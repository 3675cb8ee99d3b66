package io.diztl.ui.web;

import io.diztl.api.FileType;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.Snippet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search results with the same content: every hit with one SHA-256, or a single hit whose node has
 * not hashed it yet.
 *
 * @param sha256 the content hash, empty for a hit not hashed yet
 * @param hits the hits, in the order they arrived; never empty
 */
public record Group(String sha256, List<NetworkHit> hits) {

  /** Copies the list. */
  public Group {
    hits = List.copyOf(hits);
  }

  /** The hit shown in the row: the first that arrived. */
  public NetworkHit first() {
    return hits.getFirst();
  }

  /** The file name. */
  public String name() {
    return first().name();
  }

  /** The size in bytes. */
  public long size() {
    return first().size();
  }

  /** The type. */
  public FileType type() {
    return first().type();
  }

  /** How many different nodes have it. */
  public int nodes() {
    return (int) hits.stream().map(NetworkHit::nodeId).distinct().count();
  }

  /** Whether this node already has the content. */
  public boolean alreadyHere() {
    return hits.stream().anyMatch(NetworkHit::alreadyHere);
  }

  /** What matched, over all hits. */
  public Set<String> matchedBy() {
    Set<String> matched = new LinkedHashSet<>();
    hits.forEach(hit -> matched.addAll(hit.matchedBy()));
    return matched;
  }

  /** The passages that matched, with their words marked: those of the first hit that has any. */
  public List<Snippet> snippets() {
    return hits.stream()
        .map(NetworkHit::snippets)
        .filter(found -> !found.isEmpty())
        .findFirst()
        .orElse(List.of());
  }

  /** Whether the row shows a thumbnail: for images, which their node may make one of. */
  public boolean thumbnail() {
    return type() == FileType.IMAGE;
  }

  /** The address of the thumbnail of the first hit. */
  public String previewLink() {
    return "/api/v1/preview?ref=" + URLEncoder.encode(first().ref(), StandardCharsets.UTF_8);
  }

  /** The metadata of all hits, the first value of each field kept. */
  public Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    hits.forEach(hit -> hit.metadata().forEach(metadata::putIfAbsent));
    return metadata;
  }
}
