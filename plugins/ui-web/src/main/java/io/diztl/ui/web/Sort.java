package io.diztl.ui.web;

import java.util.Comparator;
import java.util.Locale;

/** The orders of the search results. */
enum Sort {
  NAME(Comparator.comparing(g -> g.name().toLowerCase(Locale.ROOT))),
  SIZE(Comparator.comparingLong(Group::size)),
  TYPE(Comparator.comparing(g -> g.type().name())),
  NODES(Comparator.comparingInt(Group::nodes));

  private final Comparator<Group> order;

  Sort(Comparator<Group> order) {
    this.order = order;
  }

  /** The sort named {@code key}; {@link #NODES} for anything unknown. */
  static Sort of(String key) {
    for (Sort sort : values()) {
      if (sort.key().equals(key)) {
        return sort;
      }
    }
    return NODES;
  }

  /** The name in addresses. */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a click on the column sorts largest first. */
  boolean descendingByDefault() {
    return this == SIZE || this == NODES;
  }

  /** The order, ties broken by name then size. */
  Comparator<Group> comparator(boolean descending) {
    Comparator<Group> primary = descending ? order.reversed() : order;
    return primary.thenComparing(NAME.order).thenComparing(SIZE.order);
  }
}
