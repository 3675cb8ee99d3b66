/** The Lucene index of a share folder: scanning, reconciling with the disk, hashing and search. */
module io.diztl.index {
  requires transitive io.diztl.api;
  requires org.apache.lucene.core;
  requires org.apache.lucene.analysis.common;
  requires org.apache.lucene.highlighter;
  requires org.apache.lucene.memory;
  requires org.slf4j;
  requires jdk.unsupported;

  exports io.diztl.index;
}
