package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.pf4j.Extension;

/** Checks that pf4j can find and create an extension class. */
final class ExtensionChecks {

  /** Where pf4j's annotation processor lists a plugin's extension classes. */
  static final String INDEX = "META-INF/extensions.idx";

  private ExtensionChecks() {}

  /**
   * Fails unless {@code type} is a public {@code @Extension} with a public no-argument constructor,
   * listed in the index.
   */
  static void assertLoadable(Class<?> type) {
    assertTrue(
        type.getDeclaredAnnotation(Extension.class) != null,
        type.getName() + " is not annotated with @org.pf4j.Extension: pf4j would not find it");
    assertTrue(
        Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()),
        type.getName() + " must be a public concrete class for pf4j to create it");
    try {
      if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
        fail(type.getName() + " needs a public constructor without arguments");
      }
    } catch (NoSuchMethodException e) {
      fail(type.getName() + " needs a public constructor without arguments for pf4j to create it");
    }
    if (!listedInIndex(type)) {
      fail(
          type.getName()
              + " is not listed in "
              + INDEX
              + ": compile the plugin with pf4j's annotation processor (org.pf4j:pf4j on the"
              + " processor path)");
    }
  }

  private static boolean listedInIndex(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    try {
      for (URL index : Collections.list(loader.getResources(INDEX))) {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
          if (reader.lines().map(String::strip).anyMatch(type.getName()::equals)) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }
}
