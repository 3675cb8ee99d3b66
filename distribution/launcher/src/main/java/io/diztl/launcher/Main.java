package io.diztl.launcher;

/** Entry point of the {@code diztl} command. TODO(helper): implement. */
public final class Main {

  private Main() {}

  /** Runs the command line. */
  public static void main(String[] args) {
    System.exit(0);
  }
}
