package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

/** Checks that pre-analysed names index exactly what the index-side analyzer makes of them. */
class NameTokensTest {

  private static final String[] PIECES = {
    "a", "b", "z", "A", "B", "Z", "0", "1", "9", "ab", "Ab", "AB", "aB", "x1", "2019", " ", "_",
    "-", ".", "/", "'", "é", "É", "e\u0301", "\u0301", "ß", "ＡＢ", "１２", "／", "日本", "😀", "ǅ", "Ⅻ",
    "ª", "\u00a0"
  };

  private final NameAnalyzer analyzer = NameAnalyzer.forIndex();

  @Test
  void asciiNamesSplitLikeTheAnalyzer() throws IOException {
    for (String name :
        List.of(
            "HolidayPhoto2019.JPG",
            "XMLParser v2_final-EDIT.txt",
            "a1b2c3",
            "ABCdef GHi jKL",
            "...",
            "",
            "x".repeat(300) + " y",
            "Unique99 00099.txt")) {
      assertSame(name, NameTokens.stream(NameTokens.EMPTY, NameTokens.of(name)));
    }
  }

  @Test
  void randomPathsSplitLikeTheAnalyzer() throws IOException {
    Random random = new Random(42);
    for (int run = 0; run < 20_000; run++) {
      StringBuilder folder = new StringBuilder();
      StringBuilder name = new StringBuilder();
      int folderPieces = random.nextInt(6);
      for (int i = 0; i < folderPieces; i++) {
        folder.append(piece(random, run));
      }
      int namePieces = 1 + random.nextInt(8);
      for (int i = 0; i < namePieces; i++) {
        name.append(piece(random, run));
      }
      String path = folder.isEmpty() ? name.toString() : folder + "/" + name;
      NameTokens folderTokens = folder.isEmpty() ? NameTokens.EMPTY : NameTokens.of(folder + "");
      NameTokens nameTokens = NameTokens.of(name.toString());
      assertSame(name.toString(), NameTokens.stream(NameTokens.EMPTY, nameTokens));
      assertSame(path, NameTokens.stream(folderTokens, nameTokens));
    }
  }

  private static String piece(Random random, int run) {
    // Half the runs stay ASCII, the common case with its own code path.
    int pieces = run % 2 == 0 ? 15 : PIECES.length;
    return PIECES[random.nextInt(pieces)];
  }

  private void assertSame(String text, TokenStream replayed) throws IOException {
    assertEquals(tokens(analyzer.tokenStream(DocumentMapper.NAME, text)), tokens(replayed), text);
  }

  private static List<String> tokens(TokenStream stream) throws IOException {
    List<String> tokens = new ArrayList<>();
    try (stream) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(term + "+" + increment.getPositionIncrement());
      }
      stream.end();
    }
    return tokens;
  }
}
