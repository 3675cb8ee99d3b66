package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"a", "with space", "\u00FCn\u00EFc\u00F6d\u00E9 \uD83D\uDE00", "#%'\"+&="})
  void tokenRoundTripsForFilesAndFolders(String name) {
    for (boolean folder : List.of(true, false)) {
      EntryKey key = new EntryKey(folder, name);
      assertTrue(key.token().matches("[A-Za-z0-9_-]+"), key.token());
      assertEquals(key, EntryKey.parse(key.token()));
    }
  }

  @Test
  void foldersSortFirstThenNamesIgnoringCaseThenExactly() {
    List<EntryKey> expected =
        List.of(
            new EntryKey(true, "Z"),
            new EntryKey(false, "a"),
            new EntryKey(false, "B"),
            new EntryKey(false, "b"),
            new EntryKey(false, "c"));
    List<EntryKey> shuffled = new ArrayList<>(expected);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertEquals(expected, shuffled);
  }
}
