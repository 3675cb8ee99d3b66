package io.diztl.index.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Tells from the terms and points of a one-document index, without running the query, whether a
 * query cannot match it, so a file skips the search of every standing query it cannot satisfy. The
 * answer is {@link Verdict#NO} only when the query surely finds nothing; anything the check cannot
 * judge (a phrase's positions, a matcher's own query) is {@link Verdict#MAYBE}, left to the search.
 */
final class Presearch {

  /** What the check says of one query or clause. */
  enum Verdict {
    YES,
    NO,
    MAYBE;

    Verdict not() {
      return this == YES ? NO : this == NO ? YES : MAYBE;
    }
  }

  private final LeafReader reader;
  private final Map<String, TermsEnum> terms = new HashMap<>();

  /** A check against the only document of {@code reader}. */
  Presearch(LeafReader reader) {
    this.reader = reader;
  }

  /** Whether the document matches {@code query}, as far as its terms and points tell. */
  Verdict check(Query query) throws IOException {
    return switch (query) {
      case TermQuery term -> has(term.getTerm());
      case BooleanQuery bool -> bool(bool);
      case BoostQuery boost -> check(boost.getQuery());
      case ConstantScoreQuery constant -> check(constant.getQuery());
      case IndexOrDocValuesQuery either -> check(either.getIndexQuery());
      case IndexSortSortedNumericDocValuesRangeQuery sorted -> check(sorted.getFallbackQuery());
      case PointRangeQuery range -> inRange(range);
      case PhraseQuery phrase -> phrase(phrase);
      case MultiTermQuery multi -> anyTerm(multi);
      case MatchAllDocsQuery all -> Verdict.YES;
      case MatchNoDocsQuery none -> Verdict.NO;
      default -> Verdict.MAYBE;
    };
  }

  private Verdict bool(BooleanQuery bool) throws IOException {
    Verdict required = Verdict.YES;
    Verdict anyShould = Verdict.NO;
    boolean positive = false;
    int should = 0;
    for (BooleanClause clause : bool.clauses()) {
      switch (clause.occur()) {
        case MUST, FILTER -> {
          positive = true;
          required = and(required, check(clause.query()));
        }
        case MUST_NOT -> required = and(required, check(clause.query()).not());
        case SHOULD -> {
          should++;
          anyShould = or(anyShould, check(clause.query()));
        }
      }
      if (required == Verdict.NO) {
        return Verdict.NO;
      }
    }
    int minimum = bool.getMinimumNumberShouldMatch();
    if (minimum > 1) {
      return and(required, minimum > should ? Verdict.NO : Verdict.MAYBE);
    }
    if (minimum == 1 || (!positive && should > 0)) {
      return and(required, anyShould);
    }
    return positive ? required : Verdict.NO;
  }

  private Verdict phrase(PhraseQuery phrase) throws IOException {
    for (Term term : phrase.getTerms()) {
      if (has(term) == Verdict.NO) {
        return Verdict.NO;
      }
    }
    return phrase.getTerms().length == 0 ? Verdict.NO : Verdict.MAYBE;
  }

  private Verdict has(Term term) throws IOException {
    TermsEnum field = terms(term.field());
    return field != null && field.seekExact(term.bytes()) ? Verdict.YES : Verdict.NO;
  }

  private Verdict anyTerm(MultiTermQuery multi) throws IOException {
    Terms field = reader.terms(multi.getField());
    return field != null && multi.getTermsEnum(field).next() != null ? Verdict.YES : Verdict.NO;
  }

  /** A range on a field with one point: judged exactly; with several: left to the search. */
  private Verdict inRange(PointRangeQuery range) throws IOException {
    PointValues points = reader.getPointValues(range.getField());
    if (points == null) {
      return Verdict.NO;
    }
    if (points.size() != 1 || points.getNumDimensions() != range.getNumDims()) {
      return Verdict.MAYBE;
    }
    byte[] value = points.getMinPackedValue();
    int width = range.getBytesPerDim();
    byte[] lower = range.getLowerPoint();
    byte[] upper = range.getUpperPoint();
    for (int dim = 0; dim < range.getNumDims(); dim++) {
      int from = dim * width;
      int to = from + width;
      if (Arrays.compareUnsigned(value, from, to, lower, from, to) < 0
          || Arrays.compareUnsigned(value, from, to, upper, from, to) > 0) {
        return Verdict.NO;
      }
    }
    return Verdict.YES;
  }

  private TermsEnum terms(String field) throws IOException {
    if (terms.containsKey(field)) {
      return terms.get(field);
    }
    Terms indexed = reader.terms(field);
    TermsEnum iterator = indexed == null ? null : indexed.iterator();
    terms.put(field, iterator);
    return iterator;
  }

  private static Verdict and(Verdict a, Verdict b) {
    if (a == Verdict.NO || b == Verdict.NO) {
      return Verdict.NO;
    }
    return a == Verdict.YES && b == Verdict.YES ? Verdict.YES : Verdict.MAYBE;
  }

  private static Verdict or(Verdict a, Verdict b) {
    if (a == Verdict.YES || b == Verdict.YES) {
      return Verdict.YES;
    }
    return a == Verdict.NO && b == Verdict.NO ? Verdict.NO : Verdict.MAYBE;
  }
}
