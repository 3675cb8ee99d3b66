package io.diztl.index.internal;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * A query that matches what it wraps, but checks a {@link SearchBudget} while rewriting and every
 * {@value #WINDOW} documents while collecting, and throws {@link SearchBudget.Stopped} once it is
 * spent. It works on any searcher, without changing how the searcher was built.
 */
final class BudgetedQuery extends Query {

  /** Documents scored between two checks of the budget: a few milliseconds at worst. */
  static final int WINDOW = 4096;

  private final Query in;
  private final SearchBudget budget;

  BudgetedQuery(Query in, SearchBudget budget) {
    this.in = Objects.requireNonNull(in, "in");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  @Override
  public Query rewrite(IndexSearcher searcher) throws IOException {
    budget.check();
    Query rewritten = in.rewrite(searcher);
    return rewritten == in ? this : new BudgetedQuery(rewritten, budget);
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
      throws IOException {
    budget.check();
    return new FilterWeight(this, in.createWeight(searcher, scoreMode, boost)) {
      @Override
      public boolean isCacheable(LeafReaderContext context) {
        return false;
      }

      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        budget.check();
        ScorerSupplier supplier = in.scorerSupplier(context);
        return supplier == null ? null : new Budgeted(supplier);
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    in.visit(visitor);
  }

  @Override
  public String toString(String field) {
    return "budgeted(" + in.toString(field) + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BudgetedQuery that && in.equals(that.in) && budget == that.budget;
  }

  @Override
  public int hashCode() {
    return in.hashCode() * 31 + System.identityHashCode(budget);
  }

  /** Hands out the wrapped scorers, the bulk one checking the budget between windows. */
  private final class Budgeted extends ScorerSupplier {
    private final ScorerSupplier in;

    Budgeted(ScorerSupplier in) {
      this.in = in;
    }

    @Override
    public Scorer get(long leadCost) throws IOException {
      return in.get(leadCost);
    }

    @Override
    public BulkScorer bulkScorer() throws IOException {
      BulkScorer scorer = in.bulkScorer();
      return new BulkScorer() {
        @Override
        public int score(LeafCollector collector, Bits acceptDocs, int min, int max)
            throws IOException {
          int next = min;
          while (next < max) {
            budget.check();
            int to = (int) Math.min((long) next + WINDOW, max);
            next = scorer.score(collector, acceptDocs, next, to);
          }
          return next;
        }

        @Override
        public long cost() {
          return scorer.cost();
        }
      };
    }

    @Override
    public long cost() {
      return in.cost();
    }

    @Override
    public void setTopLevelScoringClause() throws IOException {
      in.setTopLevelScoringClause();
    }
  }
}
