package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.api.search.MatchFields;
import io.diztl.api.search.SearchMatcher;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The contracts fail for plugins that break them. */
class ContractsCatchBrokenPluginsTest {

  @TempDir Path dir;

  /** Not annotated, so not indexed; throws an Error on every file. */
  public static class BrokenExtractor extends LineCountExtractor {
    @Override
    public void extract(FileSample file, Metadata metadata) {
      throw new StackOverflowError("deep");
    }
  }

  /** Queries a field it was not given and accepts everything. */
  public static class BrokenMatcher extends PrefixMatcher {
    @Override
    public String prefix() {
      return "Size";
    }

    @Override
    public Query toQuery(String argument, MatchFields fields) {
      return new TermQuery(new Term("secret", argument));
    }
  }

  private final MetadataExtractorContract extractorContract =
      new MetadataExtractorContract() {
        @Override
        protected MetadataExtractor extractor() {
          return new BrokenExtractor();
        }

        @Override
        protected List<String> acceptedExtensions() {
          return List.of("txt");
        }
      };

  private final SearchMatcherContract matcherContract =
      new SearchMatcherContract() {
        @Override
        protected SearchMatcher matcher() {
          return new BrokenMatcher();
        }

        @Override
        protected List<String> validArguments() {
          return List.of("x");
        }

        @Override
        protected List<String> invalidArguments() {
          return List.of("y");
        }
      };

  @Test
  void extractorContractFails() throws Throwable {
    extractorContract.contractFiles = dir;
    AssertionFailedError notIndexed =
        assertThrows(AssertionFailedError.class, extractorContract::isAnIndexedExtension);
    assertTrue(notIndexed.getMessage().contains("@org.pf4j.Extension"), notIndexed.getMessage());
    List<DynamicTest> garbage = extractorContract.garbageFilesNeverHang().toList();
    assertEquals(1, garbage.size());
    assertThrows(AssertionFailedError.class, () -> garbage.getFirst().getExecutable().execute());
  }

  @Test
  void matcherContractFails() throws Throwable {
    assertThrows(AssertionFailedError.class, matcherContract::prefixIsLowerCaseLetters);
    assertThrows(AssertionFailedError.class, matcherContract::isAnIndexedExtension);
    for (DynamicTest test : matcherContract.validArgumentsGiveQueries().toList()) {
      assertThrows(AssertionFailedError.class, test.getExecutable()::execute);
    }
    for (DynamicTest test : matcherContract.invalidArgumentsAreRejected().toList()) {
      assertThrows(AssertionFailedError.class, test.getExecutable()::execute);
    }
  }
}
