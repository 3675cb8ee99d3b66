package io.diztl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ConfiguredDefaultsTest {

  private final CommandLine cli = Main.commandLine();
  private final ConfiguredDefaults defaults = new ConfiguredDefaults(properties());

  private static Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("data", "/srv/diztl-data");
    properties.setProperty("status.data", "~/other-data");
    properties.setProperty("node.port", " 9000 ");
    properties.setProperty("node.advertise", "  ");
    return properties;
  }

  private OptionSpec option(String command, String name) {
    return cli.getSubcommands().get(command).getCommandSpec().findOption(name);
  }

  @Test
  void aCommandsOwnKeyWins() {
    assertEquals("9000", defaults.defaultValue(option("node", "--port")));
    assertEquals(
        Path.of(System.getProperty("user.home"), "other-data").toString(),
        defaults.defaultValue(option("status", "--data")));
  }

  @Test
  void anUnqualifiedKeyAppliesToEveryCommand() {
    assertEquals("/srv/diztl-data", defaults.defaultValue(option("node", "--data")));
    assertEquals("/srv/diztl-data", defaults.defaultValue(option("search", "--data")));
  }

  @Test
  void missingOrBlankKeysKeepTheBuiltInDefault() {
    assertNull(defaults.defaultValue(option("tracker", "--port")));
    assertNull(defaults.defaultValue(option("node", "--advertise")));
  }

  @Test
  void theProviderReachesParsedOptions() {
    cli.setDefaultValueProvider(defaults);
    cli.parseArgs("node");
    assertEquals(
        9000, (int) cli.getSubcommands().get("node").getCommandSpec().findOption("--port").getValue());
  }
}
