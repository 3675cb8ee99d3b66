package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.v1.SearchRequest;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

  private static SearchRequest search(long min, long max, int limit) {
    return SearchRequest.newBuilder()
        .setQuery("x")
        .setMinSize(min)
        .setMaxSize(max)
        .setLimit(limit)
        .build();
  }

  private static void assertRefused(SearchRequest request, String expectedText) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> RequestValidator.checkSearch(request));
    assertTrue(e.getMessage().contains(expectedText), e.getMessage());
  }

  @Test
  void wellFormedSearchesPass() {
    assertDoesNotThrow(() -> RequestValidator.checkSearch(search(0, 0, 0)));
    assertDoesNotThrow(() -> RequestValidator.checkSearch(search(10, 10, 1000)));
    assertDoesNotThrow(() -> RequestValidator.checkSearch(search(500, 0, 1)));
  }

  @Test
  void negativeSizesAreRefused() {
    assertRefused(search(-1, 0, 0), "negative");
    assertRefused(search(0, -5, 0), "negative");
  }

  @Test
  void minAboveMaxIsRefused() {
    assertRefused(search(11, 10, 0), "11 > 10");
  }

  @Test
  void limitOutOfRangeIsRefused() {
    assertRefused(search(0, 0, -1), "found -1");
    assertRefused(search(0, 0, 1001), "found 1001");
  }
}
