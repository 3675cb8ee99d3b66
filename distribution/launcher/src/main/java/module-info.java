/**
 * The diztl command line: runs trackers and nodes, and drives a local node (search, get, status).
 */
module io.diztl.launcher {
  requires io.diztl.node;
  requires io.diztl.tracker;
  requires io.grpc.netty.shaded;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;
  requires jul.to.slf4j;

  opens io.diztl.launcher to
      info.picocli;
}
