package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameAnalyzerTest {

  private final NameAnalyzer index = NameAnalyzer.forIndex();
  private final NameAnalyzer query = NameAnalyzer.forQuery();

  @Test
  void splitsOnSeparatorsAndLowerCases() {
    assertEquals(List.of("holiday", "photo", "2019", "jpg"), index.terms("Holiday_Photo-2019.JPG"));
  }

  @Test
  void splitsCamelCaseAndDigitsKeepingTheWholeWord() {
    List<String> terms = index.terms("HolidayPhoto2019.jpg");
    assertTrue(
        terms.containsAll(List.of("holidayphoto2019", "holiday", "photo", "2019", "jpg")),
        "terms: " + terms);
    assertEquals(5, terms.size(), "terms: " + terms);
  }

  @Test
  void foldsAccentsIncludingDecomposedOnes() {
    assertEquals(List.of("cafe", "creme", "txt"), index.terms("Café Crème.txt"));
    assertEquals(List.of("cafe"), index.terms("Cafe\u0301"));
    assertEquals(List.of("abc123", "abc", "123"), index.terms("ＡＢＣ１２３"));
  }

  @Test
  void queryWordsAreOnlySplitOnSeparators() {
    assertEquals(List.of("holidayphoto", "2019"), query.terms("HolidayPhoto 2019"));
    assertEquals(List.of("cafe", "menu"), query.terms("  Café, menu! "));
    assertEquals(List.of(), query.terms(" -_. "));
  }
}
