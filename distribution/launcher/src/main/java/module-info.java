/** The diztl command line. */
module io.diztl.launcher {
  requires io.diztl.node;
  requires io.diztl.tracker;
  requires info.picocli;
  requires org.slf4j;

  opens io.diztl.launcher to info.picocli;
}
