package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentRootsTest {

  @Test
  void givesARootOnlyForTheSamePathSizeAndTime() {
    ContentRoots roots = new ContentRoots(4);
    roots.put("id", "a/b.bin", 100, 5_000, "root");
    assertEquals(Optional.of("root"), roots.get("id", "a/b.bin", 100, 5_000));
    assertEquals(Optional.empty(), roots.get("id", "a/b.bin", 101, 5_000), "another size");
    assertEquals(Optional.empty(), roots.get("id", "a/b.bin", 100, 5_001), "another time");
    assertEquals(Optional.empty(), roots.get("id", "a/c.bin", 100, 5_000), "another path");
    assertEquals(Optional.empty(), roots.get("other", "a/b.bin", 100, 5_000), "another id");
  }

  @Test
  void aNewerRootReplacesTheOlder() {
    ContentRoots roots = new ContentRoots(4);
    roots.put("id", "b.bin", 100, 5_000, "old");
    roots.put("id", "b.bin", 120, 6_000, "new");
    assertEquals(Optional.empty(), roots.get("id", "b.bin", 100, 5_000));
    assertEquals(Optional.of("new"), roots.get("id", "b.bin", 120, 6_000));
  }

  @Test
  void forgetsTheLeastRecentlyUsedBeyondItsSize() {
    ContentRoots roots = new ContentRoots(2);
    roots.put("a", "a", 1, 1, "ra");
    roots.put("b", "b", 1, 1, "rb");
    roots.get("a", "a", 1, 1);
    roots.put("c", "c", 1, 1, "rc");
    assertEquals(Optional.of("ra"), roots.get("a", "a", 1, 1));
    assertEquals(Optional.empty(), roots.get("b", "b", 1, 1), "used least lately");
    assertEquals(Optional.of("rc"), roots.get("c", "c", 1, 1));
  }
}
