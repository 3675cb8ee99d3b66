package io.diztl.plugins.regex;

import org.apache.lucene.util.automaton.RegExp;

/**
 * An upper estimate of the states a parsed expression compiles to, checked before Lucene builds it:
 * {@code a{1000000}} parses in microseconds but would take seconds and much memory to build, before
 * the determinize work limit could stop it.
 */
final class AutomatonSize {

  /** The largest estimate accepted; a name is rarely longer than 255 characters. */
  static final long LIMIT = 10_000;

  private AutomatonSize() {}

  /** The estimate for {@code node}, at most {@link #LIMIT} + 1. */
  static long of(RegExp node) {
    long size =
        switch (node.kind) {
          case REGEXP_UNION, REGEXP_CONCATENATION, REGEXP_INTERSECTION ->
              of(node.exp1) + of(node.exp2);
          case REGEXP_OPTIONAL, REGEXP_REPEAT, REGEXP_COMPLEMENT, REGEXP_DEPRECATED_COMPLEMENT ->
              of(node.exp1) + 1;
          case REGEXP_REPEAT_MIN -> of(node.exp1) * (Math.max(node.min, 0) + 1L);
          case REGEXP_REPEAT_MINMAX -> of(node.exp1) * (Math.max(node.max, 1) + 1L);
          case REGEXP_STRING -> node.s.length() + 1L;
          case REGEXP_INTERVAL -> 100; // at most 10 digits, a few states each
          default -> 2;
        };
    return Math.min(size, LIMIT + 1);
  }
}
