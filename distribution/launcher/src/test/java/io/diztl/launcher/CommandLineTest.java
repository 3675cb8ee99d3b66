package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.NetworkKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Runs the command tree in-process, with no node: usage errors, failures and help. */
class CommandLineTest {

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private void assertOneErrorLine(String expectedStart) {
    String text = err.toString();
    assertTrue(text.startsWith("diztl: " + expectedStart), text);
    assertEquals(1, text.lines().count(), text);
    assertEquals("", out.toString());
  }

  @Test
  void unknownTypeIsAUsageErrorListingTheTypes() {
    assertEquals(2, run("search", "--type", "nosuch", "x"));
    assertOneErrorLine(
        "Invalid value for option '--type': unknown file type 'nosuch': expected one of video,"
            + " image");
    assertTrue(
        err.toString().endsWith("(try 'diztl search --help')" + System.lineSeparator()),
        err.toString());
  }

  @Test
  void missingCommandIsAUsageError() {
    assertEquals(2, run());
    assertOneErrorLine(
        "missing command: expected one of tracker, node, search, get, status, browse, plugins, ui,"
            + " key, watch, downloads, help (try 'diztl --help')");
  }

  @Test
  void keyNewWritesAnOwnerOnlyKeyTheServersReadAndNeverReplacesOne() throws Exception {
    Path file = temp.resolve("network.key");

    assertEquals(0, run("key", "new", file.toString()));
    assertTrue(out.toString().contains("--network-key-file " + file), out.toString());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    NetworkKey.read(file);
    String written = Files.readString(file);

    out.getBuffer().setLength(0);
    assertEquals(1, run("key", "new", file.toString()));
    assertOneErrorLine(file + " exists already");
    assertEquals(written, Files.readString(file));
  }

  @Test
  void aNetworkKeyCannotGoWithInsecure() throws Exception {
    Path file = temp.resolve("network.key");
    NetworkKey.generate().write(file);

    assertEquals(
        1,
        run(
            "tracker",
            "--insecure",
            "--network-key-file",
            file.toString(),
            "--data",
            temp.toString()));
    assertTrue(err.toString().contains("cannot go with --insecure"), err.toString());
  }

  @Test
  void aBadKeyFileSaysWhatItShouldHold() throws Exception {
    Path file = Files.writeString(temp.resolve("network.key"), "password123\n");

    assertEquals(
        1, run("tracker", "--network-key-file", file.toString(), "--data", temp.toString()));
    assertOneErrorLine("the network key file " + file + " should hold one line of 43 base64url");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertEquals(2, run("search", "--min-size", "-5", "x"));
    assertOneErrorLine(
        "Invalid value for option '--min-size': size must not be negative, found '-5'");
  }

  @Test
  void searchChecksTheQueryBeforeConnecting() {
    assertEquals(
        2, run("search", "--min-size", "2G", "--max-size", "1G", "x", "--data", temp.toString()));
    assertOneErrorLine("minimum size 2147483648 is larger than maximum size 1073741824");
  }

  @Test
  void searchNeedsWordsOrAFilter() {
    assertEquals(2, run("search"));
    assertOneErrorLine("nothing to search for: give a QUERY, or a filter");
  }

  @Test
  void getNeedsAWellFormedRef() {
    assertEquals(2, run("get", "photo.jpg"));
    assertOneErrorLine(
        "Invalid value for positional parameter at index 0 (REF): malformed reference 'photo.jpg'");
  }

  @Test
  void getByHashNeedsAContentIdentityAndNoRef() {
    assertEquals(2, run("get", "--hash", "abc123"));
    assertOneErrorLine(
        "Invalid value for option '--hash': expected 64 hex digits (the sha256 search shows),"
            + " found 'abc123'");
    err.getBuffer().setLength(0);
    String id = "ab".repeat(32);
    String ref = "a".repeat(27) + ":7";
    assertEquals(2, run("get", "--hash", id, ref));
    assertOneErrorLine("Unmatched argument at index 3: '" + ref + "'");
    err.getBuffer().setLength(0);
    assertEquals(2, run("get"));
    assertOneErrorLine(
        "Error: Missing required argument (specify one of these): (REF | --hash=ID)");
  }

  @Test
  void downloadsCommandsNeedAnIdAndKnowTheirNames() {
    assertEquals(2, run("downloads", "pause"));
    assertOneErrorLine("Missing required parameter: 'ID'");
    err.getBuffer().setLength(0);
    assertEquals(2, run("downloads", "stop", "abc"));
    assertOneErrorLine("Unmatched arguments from index 1: 'stop', 'abc'");
    err.getBuffer().setLength(0);
    assertEquals(1, run("downloads", "resume", "abc", "--data", temp.toString()));
    assertTrue(
        err.toString().contains(temp.toAbsolutePath().normalize().toString()), err.toString());
  }

  @Test
  void nodeRejectsTrackerPortWithTracker() {
    assertEquals(2, run("node", "--tracker", "127.0.0.1:7400", "--tracker-port", "7500"));
    assertOneErrorLine(
        "--tracker-port is for the tracker run here, so it cannot go with --tracker");
  }

  @Test
  void nodeChecksItsTransferLimitsBeforeStarting() {
    assertEquals(2, run("node", "--upload-slots", "0", "--data", temp.toString()));
    assertOneErrorLine("upload slots must be 1 or more, found 0");
    err.getBuffer().setLength(0);
    assertEquals(2, run("node", "--max-upload", "20Q", "--data", temp.toString()));
    assertOneErrorLine("Invalid value for option '--max-upload': invalid size '20Q'");
    err.getBuffer().setLength(0);
    assertEquals(2, run("node", "--max-downloads", "0", "--data", temp.toString()));
    assertOneErrorLine("parallel downloads must be 1 or more, found 0");
  }

  @Test
  void noRunningNodeIsARuntimeErrorOnOneLine() {
    assertEquals(1, run("status", "--data", temp.toString()));
    assertOneErrorLine("");
    assertTrue(
        err.toString().contains(temp.toAbsolutePath().normalize().toString()), err.toString());
    assertTrue(!err.toString().contains("Exception"), err.toString());
  }

  @Test
  void verboseAddsTheStackTraceBeforeOrAfterTheCommand() {
    assertEquals(1, run("-v", "status", "--data", temp.toString()));
    assertTrue(err.toString().lines().count() > 3, err.toString());
    assertTrue(err.toString().contains("\tat io.diztl."), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(1, run("status", "--verbose", "--data", temp.toString()));
    assertTrue(err.toString().contains("\tat io.diztl."), err.toString());
  }

  @Test
  void helpAndVersionGoToStdout() {
    assertEquals(0, run("get", "--help"));
    assertTrue(
        out.toString()
            .startsWith("Usage: diztl get [-hvV] [--data=DIR] [--to=DIR] (REF | --hash=ID)"),
        out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("diztl "), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void helpNamesACommand() {
    assertEquals(0, run("help", "status"));
    assertTrue(
        out.toString().startsWith("Usage: diztl status [-hvV] [--json] [--data=DIR]"),
        out.toString());
    assertEquals("", err.toString());
  }

  /**
   * Picocli prints each element of a description on lines of its own and lists commands by the
   * first one: an element that stops mid-sentence shows as a cut summary or a broken paragraph.
   */
  @Test
  void everyDescriptionLineIsAWholeSentence() {
    List<String> broken = new ArrayList<>();
    collectBroken(Main.commandLine().getCommandSpec(), broken);
    assertEquals(List.of(), broken);
  }

  private static void collectBroken(CommandSpec command, List<String> broken) {
    checkLines(command.qualifiedName(), command.usageMessage().description(), broken);
    for (OptionSpec option : command.options()) {
      checkLines(
          command.qualifiedName() + " " + option.longestName(), option.description(), broken);
    }
    for (PositionalParamSpec parameter : command.positionalParameters()) {
      checkLines(
          command.qualifiedName() + " " + parameter.paramLabel(), parameter.description(), broken);
    }
    command.subcommands().values().forEach(sub -> collectBroken(sub.getCommandSpec(), broken));
  }

  private static void checkLines(String where, String[] lines, List<String> broken) {
    for (String line : lines) {
      String end = line.replace("%n", "").strip();
      if (!end.isEmpty() && !end.matches("(?s).*[.:!?)]")) {
        broken.add(where + ": '" + line + "'");
      }
    }
  }
}
