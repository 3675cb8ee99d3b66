package io.diztl.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.SearchQuery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareIndexPiecesTest {

  private static final int SIZE = 5 * 128 * 1024 + 321;

  @TempDir Path share;
  @TempDir Path indexDir;
  private byte[] content;
  private ShareIndex index;

  @BeforeEach
  void indexShare() throws IOException {
    content = new byte[SIZE];
    new Random(7).nextBytes(content);
    Files.write(share.resolve("big.bin"), content);
    index = IndexTestFiles.open(share, indexDir);
    index.reconcile();
    assertTrue(index.awaitIdle(Duration.ofSeconds(20)));
  }

  @AfterEach
  void close() {
    index.close();
  }

  private static PieceHashes expected(byte[] content) {
    MerkleHasher hasher = new MerkleHasher(content.length);
    hasher.update(ByteBuffer.wrap(content));
    return hasher.finish();
  }

  private IndexedFile only(String query) {
    List<IndexedFile> hits = index.search(SearchQuery.ofText(query));
    assertEquals(1, hits.size(), query);
    return hits.get(0);
  }

  @Test
  void theHasherStoresTheIdentityAndKeepsThePieceHashes() throws IOException {
    PieceHashes expected = expected(content);
    IndexedFile file = only("big");
    assertEquals(expected.rootHex(), file.sha256());
    assertEquals(expected, index.pieces(file));
    try (var kept = Files.list(indexDir.resolve("pieces"))) {
      assertEquals(List.of(expected.rootHex()), kept.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void hashAndSha256QueriesFindTheIdentity() {
    String root = expected(content).rootHex();
    assertEquals("big.bin", only("hash:" + root).name());
    assertEquals("big.bin", only("sha256:" + root.toUpperCase(java.util.Locale.ROOT)).name());
  }

  @Test
  void piecesNotKeptAreComputedAgain() throws IOException {
    IndexedFile file = only("big");
    Files.delete(indexDir.resolve("pieces").resolve(file.sha256()));
    assertEquals(expected(content), index.pieces(file));
    assertTrue(Files.exists(indexDir.resolve("pieces").resolve(file.sha256())));
  }
}
