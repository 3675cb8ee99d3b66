package io.diztl.plugins.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.search.SearchMatcher;
import io.diztl.plugintest.NameIndex;
import io.diztl.plugintest.SearchMatcherContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegexNameMatcherTest extends SearchMatcherContract {

  private static final String BIG = "IMG_0042.jpg";
  private static final String SMALL = "photos/img_7.JPEG";
  private static final String NO_NUMBER = "img_.jpg";
  private static final String INSIDE = "my_img_1.jpg";
  private static final String TRACK_3 = "music/track03.mp3";
  private static final String TRACK_12 = "music/track12.mp3";
  private static final String TRACK_13 = "music/track13.mp3";
  private static final String CARTOON = "Tom & Jerry #1.avi";
  private static final String PRICE = "price$.txt";

  private static NameIndex index;

  @BeforeAll
  static void index() {
    index =
        NameIndex.of(BIG, SMALL, NO_NUMBER, INSIDE, TRACK_3, TRACK_12, TRACK_13, CARTOON, PRICE);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Override
  protected SearchMatcher matcher() {
    return new RegexNameMatcher();
  }

  @Override
  protected List<String> validArguments() {
    return List.of("img_\\d+\\.jpg", "^IMG_[0-9]+\\.jpe?g$", "track<1-12>\\.mp3");
  }

  @Override
  protected List<String> invalidArguments() {
    return List.of("img_(\\d+", "a[b", "ab\\", "(a|b)*a(a|b){25}", "a{1000000}");
  }

  @Test
  void matchesTheWholeNameIgnoringCase() {
    assertEquals(List.of(BIG), find("img_\\d+\\.jpg"));
    assertEquals(List.of(BIG, SMALL), find("IMG_[0-9]+\\.jpe?g"));
    assertEquals(List.of(BIG, SMALL, NO_NUMBER, INSIDE), find(".*img.*"));
    assertEquals(List.of(BIG, SMALL), find("[A-Z]+_[0-9]+\\.[A-Z]+"));
  }

  @Test
  void dropsJavaStyleAnchors() {
    assertEquals(List.of(BIG), find("^img_\\d+\\.jpg$"));
    assertEquals(List.of(PRICE), find("price\\$\\.txt"));
    assertEquals(List.of(PRICE), find("^price\\$.*"));
    assertEquals("a\\$", RegexNameMatcher.withoutAnchors("^a\\$"));
    assertEquals("a\\\\", RegexNameMatcher.withoutAnchors("a\\\\$"));
  }

  @Test
  void supportsNumericIntervalsAndTakesOtherSymbolsLiterally() {
    assertEquals(List.of(TRACK_3, TRACK_12), find("track<1-12>\\.mp3"));
    assertEquals(List.of(CARTOON), find("tom & jerry #\\d\\.avi"));
  }

  @Test
  void refusesAnInvalidExpressionSayingWhere() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> find("img_(\\d+"));
    assertEquals(
        "invalid regular expression 'img_(\\d+': expected ')' at position 8", e.getMessage());
  }

  @Test
  void refusesExpressionsThatWouldBeExpensive() {
    for (String expensive : List.of("(a|b)*a(a|b){25}", "a{1000000}", "(.{0,200}){0,200}x")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> find(expensive), expensive);
      assertTrue(e.getMessage().startsWith("regular expression too complex: '"), e.getMessage());
    }
    IllegalArgumentException tooLong =
        assertThrows(IllegalArgumentException.class, () -> find("a".repeat(1001)));
    assertEquals(
        "regular expression too long: at most 1000 characters, found 1001", tooLong.getMessage());
  }

  @Test
  void describesItselfWithAnExample() {
    assertEquals("regex", matcher().prefix());
    assertTrue(matcher().description().contains("regex:"), matcher().description());
  }

  private List<String> find(String argument) {
    return index.search(matcher(), argument);
  }
}
