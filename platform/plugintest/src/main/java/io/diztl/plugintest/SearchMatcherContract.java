package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.search.SearchMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link SearchMatcher} must keep, as tests a plugin's test class inherits: a
 * prefix of lower-case letters that is no built-in field, a one-line description, the same query
 * for the same argument from any thread, queries only on the given name fields, and {@link
 * IllegalArgumentException} with a message for invalid arguments. To check what a query finds, use
 * {@link NameIndex}.
 *
 * @since 0.1
 */
public abstract class SearchMatcherContract {

  private static final int THREADS = 4;
  private static final int CALLS_PER_THREAD = 50;

  /** A new instance of the matcher under test. */
  protected abstract SearchMatcher matcher();

  /** Arguments the matcher must turn into queries; at least one. */
  protected abstract List<String> validArguments();

  /** Arguments the matcher must reject; empty when it takes any text. */
  protected abstract List<String> invalidArguments();

  /** The prefix is lower-case letters and no built-in or reserved name. */
  @Test
  public void prefixIsLowerCaseLetters() {
    String prefix = matcher().prefix();
    assertNotNull(prefix, "prefix() returned null");
    assertTrue(
        prefix.matches("[a-z]+"), "prefix must be lower-case letters, found '" + prefix + "'");
    assertFalse(FieldSpec.RESERVED.contains(prefix), "prefix '" + prefix + "' is a built-in field");
  }

  /** The description is one non-blank line. */
  @Test
  public void describesItselfInOneLine() {
    String description = matcher().description();
    assertNotNull(description, "description() returned null");
    assertFalse(description.isBlank(), "description() is blank");
    assertFalse(description.contains("\n"), "description() must be one line: " + description);
  }

  /** pf4j can find and create the matcher. */
  @Test
  public void isAnIndexedExtension() {
    ExtensionChecks.assertLoadable(matcher().getClass());
  }

  /** Valid arguments give the same query every time, built only on the given fields. */
  @TestFactory
  public Stream<DynamicTest> validArgumentsGiveQueries() {
    assertFalse(validArguments().isEmpty(), "validArguments() must name at least one argument");
    Set<String> allowed =
        Set.of(
            NameIndex.FIELDS.nameWords(),
            NameIndex.FIELDS.nameExact(),
            NameIndex.FIELDS.pathExact());
    return validArguments().stream()
        .map(
            argument ->
                DynamicTest.dynamicTest(
                    "valid '" + argument + "'",
                    () -> {
                      SearchMatcher matcher = matcher();
                      Query query = matcher.toQuery(argument, NameIndex.FIELDS);
                      assertNotNull(query, "toQuery returned null for '" + argument + "'");
                      assertEquals(
                          query, matcher.toQuery(argument, NameIndex.FIELDS), "not repeatable");
                      Set<String> used = fieldsOf(query);
                      assertTrue(
                          allowed.containsAll(used),
                          "query uses fields " + used + ", allowed " + allowed);
                    }));
  }

  /** Invalid arguments are rejected with a message. */
  @TestFactory
  public Stream<DynamicTest> invalidArgumentsAreRejected() {
    return invalidArguments().stream()
        .map(
            argument ->
                DynamicTest.dynamicTest(
                    "invalid '" + argument + "'",
                    () -> {
                      IllegalArgumentException e =
                          assertThrows(
                              IllegalArgumentException.class,
                              () -> matcher().toQuery(argument, NameIndex.FIELDS),
                              "'" + argument + "' was accepted");
                      assertTrue(
                          e.getMessage() != null && !e.getMessage().isBlank(),
                          "the rejection of '" + argument + "' has no message");
                    }));
  }

  /** One instance called from several threads at once gives the same queries as called alone. */
  @Test
  public void toQueryIsThreadSafe() throws InterruptedException {
    SearchMatcher matcher = matcher();
    List<String> arguments = validArguments();
    List<Query> expected =
        arguments.stream().map(a -> matcher.toQuery(a, NameIndex.FIELDS)).toList();
    Callable<List<Query>> calls =
        () -> {
          List<Query> queries = new ArrayList<>();
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            String argument = arguments.get(i % arguments.size());
            queries.add(matcher.toQuery(argument, NameIndex.FIELDS));
          }
          return queries;
        };
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      for (Future<List<Query>> result :
          threads.invokeAll(Collections.nCopies(THREADS, calls), 30, TimeUnit.SECONDS)) {
        List<Query> queries = result.get();
        for (int i = 0; i < queries.size(); i++) {
          assertEquals(
              expected.get(i % arguments.size()), queries.get(i), "a concurrent call differs");
        }
      }
    } catch (CancellationException e) {
      fail("concurrent toQuery calls did not finish within 30 s");
    } catch (ExecutionException e) {
      fail("toQuery failed when called concurrently: " + e.getCause(), e.getCause());
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "toQuery calls did not finish");
    }
  }

  private static Set<String> fieldsOf(Query query) {
    Set<String> fields = new HashSet<>();
    query.visit(
        new QueryVisitor() {
          @Override
          public boolean acceptField(String field) {
            fields.add(field);
            return true;
          }
        });
    return fields;
  }
}
