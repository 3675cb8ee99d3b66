package io.diztl.ui.web;

import java.util.List;

/**
 * What every page shares: its title, the menu with the current page marked, and the addresses of
 * the style sheet and scripts.
 *
 * @param title the page's title
 * @param menu the main menu, empty on the login page
 * @param nodeName the node's name
 * @param css the style sheet's address
 * @param scripts the scripts' addresses, in load order
 */
public record Chrome(
    String title, List<MenuItem> menu, String nodeName, String css, List<String> scripts) {

  /**
   * One entry of the main menu.
   *
   * @param label its text
   * @param href its address
   * @param current whether it is the page shown
   * @param count a number shown beside the label, such as the new matches of the watches; 0 for
   *     none
   * @param countStream the address of an event stream that sends {@code count} events replacing the
   *     number as it changes, or null when the item has no number
   */
  public record MenuItem(
      String label, String href, boolean current, long count, String countStream) {}

  /** Copies the lists. */
  public Chrome {
    menu = List.copyOf(menu);
    scripts = List.copyOf(scripts);
  }

  /** Whether a user is logged in (the menu and the log-out button are shown). */
  public boolean loggedIn() {
    return !menu.isEmpty();
  }
}
