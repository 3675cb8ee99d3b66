package io.diztl.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code conf/diztl.properties} of the distribution. A key is an option's name
 * without dashes, qualified by its command ({@code node.port}) or not ({@code data}, for every
 * command that has {@code --data}); the qualified key wins. A value starting with {@code ~/} is
 * taken relative to the user's home folder. Options missing from the file keep their built-in
 * defaults.
 */
final class ConfiguredDefaults implements IDefaultValueProvider {

  /** The system property naming the distribution's folder, set by {@code bin/diztl}. */
  static final String HOME_PROPERTY = "diztl.home";

  private final Properties properties;

  ConfiguredDefaults(Properties properties) {
    this.properties = properties;
  }

  /** The defaults of the running distribution, or none outside one. */
  static ConfiguredDefaults ofDistribution() {
    Properties properties = new Properties();
    Optional.ofNullable(System.getProperty(HOME_PROPERTY))
        .map(home -> Path.of(home, "conf", "diztl.properties"))
        .filter(Files::isRegularFile)
        .ifPresent(file -> load(file, properties));
    return new ConfiguredDefaults(properties);
  }

  private static void load(Path file, Properties into) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      into.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || argSpec.command() == null) {
      return null;
    }
    String name = option.longestName().replaceFirst("^-+", "");
    String value =
        properties.getProperty(
            argSpec.command().name() + "." + name, properties.getProperty(name));
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.strip();
    return value.startsWith("~/")
        ? Path.of(System.getProperty("user.home")).resolve(value.substring(2)).toString()
        : value;
  }
}
