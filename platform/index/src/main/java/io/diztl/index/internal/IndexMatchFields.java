package io.diztl.index.internal;

import io.diztl.api.search.MatchFields;

/** The index fields that search matchers build their queries on. */
enum IndexMatchFields implements MatchFields {
  INSTANCE;

  @Override
  public String nameWords() {
    return DocumentMapper.NAME;
  }

  @Override
  public String nameExact() {
    return DocumentMapper.NAME_EXACT;
  }

  @Override
  public String pathExact() {
    return DocumentMapper.PATH_EXACT;
  }
}
