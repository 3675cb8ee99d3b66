package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchFormTest {

  private static SearchForm form(Map<String, String> params) {
    return SearchForm.of(params::get);
  }

  @Test
  void readsTheFiltersIntoAQuery() {
    SearchQuery query =
        form(Map.of(
                "q",
                " kind of blue ",
                "type",
                "Audio",
                "min_size",
                "1.5M",
                "max_size",
                "2GiB",
                "ext",
                ".FLAC",
                "limit",
                "500"))
            .toQuery();
    assertEquals("kind of blue", query.text());
    assertEquals(FileType.AUDIO, query.type().orElseThrow());
    assertEquals(1_572_864, query.minSize());
    assertEquals(2L << 30, query.maxSize());
    assertEquals("flac", query.extension().orElseThrow());
    assertEquals(500, query.limit());
  }

  @Test
  void sizesTakeUnits() {
    assertEquals(0, SearchForm.parseSize("min_size", ""));
    assertEquals(123, SearchForm.parseSize("min_size", "123"));
    assertEquals(500 * 1024, SearchForm.parseSize("min_size", "500k"));
    assertEquals(10L << 20, SearchForm.parseSize("min_size", "10 MB"));
    assertEquals(1L << 40, SearchForm.parseSize("min_size", "1T"));
  }

  @Test
  void wrongFiltersAreInvalidArguments() {
    for (Map<String, String> params :
        java.util.List.of(
            Map.of("q", "a", "type", "sculpture"),
            Map.of("q", "a", "min_size", "big"),
            Map.of("q", "a", "min_size", "5", "max_size", "1"),
            Map.of("q", "a", "limit", "-3"),
            Map.of("q", "a", "max_size", "99999999999T"))) {
      DiztlException e = assertThrows(DiztlException.class, () -> form(params).toQuery());
      assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), e.getMessage());
    }
  }

  @Test
  void theQueryStringKeepsOnlyWhatWasGiven() {
    assertEquals("q=a+b&type=audio", form(Map.of("q", "a b", "type", "audio")).query());
  }
}
