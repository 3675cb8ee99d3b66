package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;

class NameIndexTest {

  @Test
  void splitsNamesLikeTheNodeIndex() {
    assertEquals(
        List.of("holidayphoto2019", "holiday", "photo", "2019", "jpg"),
        NameIndex.words("HolidayPhoto2019.JPG"));
    assertEquals(List.of("cafe", "menu", "pdf"), NameIndex.words("Café menu.pdf"));
  }

  @Test
  void findsByWordExactNameAndPath() {
    try (NameIndex index = NameIndex.of("a/HolidayPhoto.jpg", "b/Report.pdf")) {
      assertEquals(
          List.of("a/HolidayPhoto.jpg"),
          index.search(new TermQuery(new Term(NameIndex.FIELDS.nameWords(), "photo"))));
      assertEquals(
          List.of("b/Report.pdf"),
          index.search(new TermQuery(new Term(NameIndex.FIELDS.nameExact(), "report.pdf"))));
      assertEquals(
          List.of("b/Report.pdf"),
          index.search(new TermQuery(new Term(NameIndex.FIELDS.pathExact(), "b/report.pdf"))));
      assertEquals(
          List.of(),
          index.search(new TermQuery(new Term(NameIndex.FIELDS.nameWords(), "missing"))));
    }
  }
}
