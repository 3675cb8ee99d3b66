package io.diztl.plugins.fuzzy;

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

class FuzzyNameMatcherTest extends SearchMatcherContract {

  private static final String PHOTO = "photos/Holiday_Photo-2019.jpg";
  private static final String VIDEO = "videos/Holiday_Video.mp4";
  private static final String HOLLOW = "hollow.txt";
  private static final String CAT = "pets/cat.jpg";
  private static final String RECIPE = "food/Crème brûlée recipe.pdf";
  private static final String MARKET = "Weihnachtsmarkt.png";

  private static NameIndex index;

  @BeforeAll
  static void index() {
    index = NameIndex.of(PHOTO, VIDEO, HOLLOW, CAT, RECIPE, MARKET);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Override
  protected SearchMatcher matcher() {
    return new FuzzyNameMatcher();
  }

  @Override
  protected List<String> validArguments() {
    return List.of("holidy", "Holliday, vidoe", "crème");
  }

  @Override
  protected List<String> invalidArguments() {
    return List.of("-- !", "a b c d e f g h i");
  }

  @Test
  void forgivesTwoTyposInLongWords() {
    assertEquals(List.of(PHOTO, VIDEO), find("holidy"));
    assertEquals(List.of(PHOTO, VIDEO), find("hlidy"));
    assertEquals(List.of(MARKET), find("weinachtsmrkt"));
    assertEquals(List.of(), find("hldyy"), "three edits are too many");
  }

  @Test
  void forgivesOneTypoInShortWords() {
    assertEquals(List.of(CAT), find("cst"));
    assertEquals(List.of(CAT), find("act"), "a swap is one edit");
    assertEquals(List.of(), find("cxz"));
    assertEquals(1, FuzzyNameMatcher.maxEdits("four"));
    assertEquals(2, FuzzyNameMatcher.maxEdits("fives"));
  }

  @Test
  void everyWordMustMatchItsOwnNameWord() {
    assertEquals(List.of(PHOTO), find("holidy phto"));
    assertEquals(List.of(VIDEO), find("Holliday, vidoe"));
    assertEquals(List.of(), find("holidy recipe"));
  }

  @Test
  void ignoresCaseAndAccentsLikeTheIndex() {
    assertEquals(List.of(RECIPE), find("CREME BRULE"));
    assertEquals(List.of(CAT), find("ÇAT"));
    assertEquals(
        List.of("creme", "brulee", "recipe", "pdf"),
        FuzzyNameMatcher.words("Crème brûlée recipe.pdf"));
  }

  @Test
  void saysWhyAnArgumentIsRefused() {
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> find("-- !"));
    assertEquals(
        "fuzzy: expects at least one word of letters or digits, found '-- !'", none.getMessage());
    IllegalArgumentException many =
        assertThrows(IllegalArgumentException.class, () -> find("a b c d e f g h i"));
    assertEquals("fuzzy: takes at most 8 words, found 9", many.getMessage());
  }

  @Test
  void describesItselfWithAnExample() {
    assertEquals("fuzzy", matcher().prefix());
    assertTrue(matcher().description().contains("fuzzy:holidy"), matcher().description());
  }

  private List<String> find(String argument) {
    return index.search(matcher(), argument);
  }
}
