package io.diztl.launcher;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether this process talks to a person at a terminal. */
final class Terminals {

  private Terminals() {}

  /**
   * True when stdin and stdout are a terminal. From Java 22 {@code System.console()} is non-null
   * even when redirected, and {@code Console.isTerminal()} (called by reflection, as this code
   * targets Java 21) tells; before that a console exists only on a terminal.
   */
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
