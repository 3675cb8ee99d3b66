/** picocli, as its released jar declares it: the command line parser of the launcher. */
module info.picocli {
  requires static java.sql;

  exports picocli;
}
