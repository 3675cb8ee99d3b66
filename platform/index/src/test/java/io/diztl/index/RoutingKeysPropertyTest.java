package io.diztl.index;

import static io.diztl.index.IndexTestFiles.awaitIdle;
import static io.diztl.index.IndexTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing never leaves out a share that holds a match: over random shares (names with separators,
 * camel case, digits and accents; text metadata) and random queries (words, prefixes, phrases,
 * negations, field terms, extensions and content hashes), whenever the real index finds a file, the
 * share's routing keys hold every key the query needs. And it does leave out shares: many queries
 * need a key a share lacks.
 */
class RoutingKeysPropertyTest {

  private static final String[] WORDS = {
    "holiday", "photo", "report", "budget", "miles", "davis", "jazz", "blue", "kind", "café",
    "naïve", "2019", "draft", "final", "ho", "holi", "rep", "x"
  };
  private static final String[] SEPARATORS = {" ", "_", "-", ".", ""};
  private static final int SHARES = 12;
  private static final int QUERIES = 60;

  @TempDir Path root;

  @Test
  void everyShareWithAMatchHoldsTheKeysItsQueryNeeds() throws IOException {
    int matched = 0;
    int leftOut = 0;
    int byFieldKey = 0;
    List<String> hashes = new ArrayList<>();
    for (int seed = 0; seed < SHARES; seed++) {
      Random random = new Random(seed);
      Path share = Files.createDirectories(root.resolve("share" + seed));
      for (int file = 0; file < 1 + random.nextInt(6); file++) {
        String content = words(random, 3) + " " + seed + "/" + file;
        write(share, name(random) + (random.nextBoolean() ? ".txt" : ".jpg"), content);
        hashes.add(IndexTestFiles.sha256(content));
      }
      write(share, "music/" + name(random) + ".tags", "artist=" + words(random, 2) + "\n");
      FakeMetadataSource source = new FakeMetadataSource();
      try (ShareIndex index =
          ShareIndex.open(
              new IndexConfig(share, root.resolve("index" + seed), List.of()), source)) {
        index.reconcile();
        awaitIdle(index);
        Set<String> keys = new HashSet<>();
        RoutingKeys.ofShare(index.routingTerms(), keys::add);
        for (int q = 0; q < QUERIES; q++) {
          String query = query(random, hashes);
          Optional<List<String>> needed = RoutingKeys.required(query);
          boolean found = !search(index, query).isEmpty();
          boolean mayMatch = needed.isEmpty() || keys.containsAll(needed.get());
          if (found) {
            matched++;
            if (query.contains("ext:") || query.contains("hash:")) {
              byFieldKey++;
            }
            assertTrue(
                mayMatch,
                () -> "share " + share + " matches '" + query + "' but lacks keys " + needed);
          }
          if (!mayMatch) {
            leftOut++;
            assertFalse(found);
          }
        }
      }
    }
    assertTrue(matched > SHARES * 3, "queries matched: " + matched);
    assertTrue(leftOut > SHARES * 3, "queries whose share was left out: " + leftOut);
    assertTrue(byFieldKey > SHARES, "queries by extension or hash that matched: " + byFieldKey);
  }

  @Test
  void extensionAndHashTermsNeedTheirKeys() {
    String hash = "AB".repeat(32);
    assertEquals(
        Optional.of(List.of(RoutingKeys.sha256(hash.toLowerCase()))),
        RoutingKeys.required("hash:" + hash));
    assertEquals(
        Optional.of(List.of("ext:flac", "sha256:" + hash.toLowerCase(), "mil")),
        RoutingKeys.required("ext:.FLAC sha256:" + hash + " miles"));
    assertEquals(Optional.empty(), RoutingKeys.required("-ext:flac"));
    assertTrue(RoutingKeys.isFieldKey(RoutingKeys.extension("pdf")));
    assertFalse(RoutingKeys.isFieldKey("pdf"));
  }

  @Test
  void queriesWithoutPlainWordsNeedNoKey() {
    assertEquals(Optional.empty(), RoutingKeys.required("type:image"));
    assertEquals(Optional.empty(), RoutingKeys.required("-holiday"));
    assertEquals(Optional.empty(), RoutingKeys.required("\"unclosed"));
    assertEquals(Optional.of(List.of("holiday", "pho")), RoutingKeys.required("Holiday photo"));
    assertEquals(
        Optional.of(List.of("miles", "davis", "jaz")),
        RoutingKeys.required("\"Miles Davis\" jaz -blue"));
  }

  private static List<IndexedFile> search(ShareIndex index, String query) {
    try {
      return index.search(SearchQuery.ofText(query));
    } catch (InvalidQueryException e) {
      return List.of();
    }
  }

  private static String name(Random random) {
    StringBuilder name = new StringBuilder();
    int parts = 1 + random.nextInt(3);
    for (int i = 0; i < parts; i++) {
      String word = pick(random);
      if (random.nextInt(3) == 0) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      }
      name.append(i == 0 ? "" : SEPARATORS[random.nextInt(SEPARATORS.length)]).append(word);
    }
    return name.toString().replace('.', '_');
  }

  private static String words(Random random, int most) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i <= random.nextInt(most); i++) {
      words.add(pick(random));
    }
    return String.join(" ", words);
  }

  private static String query(Random random, List<String> hashes) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i <= random.nextInt(3); i++) {
      String word = pick(random);
      switch (random.nextInt(11)) {
        case 8 -> terms.add("ext:" + List.of("txt", ".JPG", "tags", "pdf").get(random.nextInt(4)));
        case 9 -> terms.add("hash:" + hashes.get(random.nextInt(hashes.size())));
        case 10 -> terms.add("sha256:" + hashes.get(random.nextInt(hashes.size())).toUpperCase());
        case 0 -> terms.add(word.substring(0, 1 + random.nextInt(word.length())));
        case 1 -> terms.add("-" + word);
        case 2 -> terms.add("\"" + word + " " + pick(random) + "\"");
        case 3 -> terms.add("artist:" + word);
        case 4 -> terms.add(word.toUpperCase());
        default -> terms.add(word);
      }
    }
    return String.join(" ", terms);
  }

  private static String pick(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }
}
