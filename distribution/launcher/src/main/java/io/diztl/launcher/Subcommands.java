package io.diztl.launcher;

import java.util.List;
import picocli.CommandLine.HelpCommand;

/**
 * The subcommands of {@code diztl}, each made only when a command line needs it: picocli reflects
 * over every command it is given, and a client command should not pay for the servers' options (nor
 * load their classes) at each start.
 */
final class Subcommands {

  /** Every subcommand's name, in the order the usage lists them. */
  static final List<String> NAMES =
      List.of(
          "tracker",
          "node",
          "search",
          "get",
          "status",
          "browse",
          "plugins",
          "ui",
          "key",
          "watch",
          "downloads",
          "help");

  private Subcommands() {}

  /**
   * The subcommands that a command line of {@code args} needs: the one it names (its first argument
   * that is not an option) alone, none for a request of the version alone, and all of them for
   * anything else (help, usage, an unknown or missing command), which lists or suggests them.
   */
  static List<String> neededBy(List<String> args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return NAMES;
      }
      if (!arg.startsWith("-")) {
        return NAMES.contains(arg) && !arg.equals("help") ? List.of(arg) : NAMES;
      }
    }
    // A loop rather than a stream: the version alone is printed before anything else has made
    // the JVM link a lambda.
    boolean versionOnly = !args.isEmpty();
    for (String arg : args) {
      versionOnly &= arg.equals("-V") || arg.equals("--version");
    }
    return versionOnly ? List.of() : NAMES;
  }

  /** A new instance of the subcommand named {@code name}, one of {@link #NAMES}. */
  static Object create(String name) {
    return switch (name) {
      case "tracker" -> new TrackerCommand();
      case "node" -> new NodeCommand();
      case "search" -> new SearchCommand();
      case "get" -> new GetCommand();
      case "status" -> new StatusCommand();
      case "browse" -> new BrowseCommand();
      case "plugins" -> new PluginsCommand();
      case "ui" -> new UiCommand();
      case "key" -> new KeyCommand();
      case "watch" -> new WatchCommand();
      case "downloads" -> new DownloadsCommand();
      case "help" -> new HelpCommand();
      default ->
          throw new IllegalArgumentException(
              "no subcommand " + name + ": expected one of " + NAMES);
    };
  }
}
