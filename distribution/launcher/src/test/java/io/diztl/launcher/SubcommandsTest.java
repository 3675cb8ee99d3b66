package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which subcommands a command line builds, and that the part built runs as the whole tree would.
 */
class SubcommandsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void eachNameIsTheNameItsCommandDeclares() {
    for (String name : Subcommands.NAMES) {
      assertEquals(name, new CommandLine(Subcommands.create(name)).getCommandName());
    }
    assertThrows(IllegalArgumentException.class, () -> Subcommands.create("nosuch"));
  }

  @Test
  void aNamedCommandIsBuiltAlone() {
    assertEquals(List.of("status"), Subcommands.neededBy(List.of("status", "--json")));
    assertEquals(List.of("search"), Subcommands.neededBy(List.of("-v", "search", "node")));
    assertEquals(
        List.of("status"), List.copyOf(Main.commandLine("status").getSubcommands().keySet()));
  }

  @Test
  void aVersionRequestAloneBuildsNoSubcommand() {
    assertEquals(List.of(), Subcommands.neededBy(List.of("--version")));
    assertEquals(List.of(), Subcommands.neededBy(List.of("-V")));
  }

  @Test
  void helpUsageAndUnknownCommandsBuildTheWholeTree() {
    for (List<String> args :
        List.of(
            List.<String>of(),
            List.of("--help"),
            List.of("-v"),
            List.of("help", "status"),
            List.of("nosuch"),
            List.of("--", "status"))) {
      assertEquals(Subcommands.NAMES, Subcommands.neededBy(args), args.toString());
    }
  }

  @Test
  void theVersionAloneIsPrintedWithoutPicocliAsPicocliPrintsIt() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("diztl "), out.toString());

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Main.printVersion(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertEquals(out.toString(), printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aCommandBuiltAloneHasItsHelpAndItsUsageErrors() {
    assertEquals(0, run("status", "--help"));
    assertTrue(out.toString().startsWith("Usage: diztl status"), out.toString());

    assertEquals(2, run("status", "--nosuch"));
    assertTrue(
        err.toString().startsWith("diztl: Unknown option: '--nosuch' (try 'diztl status --help')"),
        err.toString());
  }

  @Test
  void helpOfACommandAndTheUsageListEveryCommand() {
    assertEquals(0, run("help", "node"));
    assertTrue(out.toString().startsWith("Usage: diztl node"), out.toString());

    out.getBuffer().setLength(0);
    assertEquals(0, run("--help"));
    for (String name : Subcommands.NAMES) {
      assertTrue(out.toString().contains("\n  " + name + " "), name + " in " + out);
    }
  }

  @Test
  void anUnknownCommandIsAUsageErrorOfTheWholeTree() {
    assertEquals(2, run("stauts"));
    assertTrue(
        err.toString()
            .startsWith("diztl: Unmatched argument at index 0: 'stauts' (try 'diztl --help')"),
        err.toString());
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine(args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
