package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.metadata.FieldSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the query parser: any text, however odd, either parses or is refused with an {@code
 * INVALID_ARGUMENT} error whose message is short and on one line; nothing else ever escapes. Plain
 * {@code mvn verify} runs the committed inputs (regression mode); {@code JAZZER_FUZZ=1} fuzzes.
 */
class QueryParserFuzzTest {

  private static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.text("artist", "artist"),
          FieldSpec.keyword("genre", "genre"),
          FieldSpec.number("pages", "pages"),
          FieldSpec.date("taken", "taken"));

  private static final NameAnalyzer ANALYZER = NameAnalyzer.forQuery();

  @FuzzTest(maxDuration = "10s")
  void anyTextParsesOrIsRefusedClearly(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      QueryParser.parse(text, ANALYZER, FIELDS, Map.of());
    } catch (DiztlException e) {
      assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().length() < 1_000, e.getMessage());
    }
  }
}
