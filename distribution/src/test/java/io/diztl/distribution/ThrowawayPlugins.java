package io.diztl.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes throwaway pf4j plugin jars for the smoke test: {@code plugin.properties}, {@code
 * META-INF/extensions.idx} and one extension class copied from the test's class path.
 */
final class ThrowawayPlugins {

  private ThrowawayPlugins() {}

  /** Writes {@code <id>-1.0.0.jar} into {@code dir}, holding {@code extension}; returns it. */
  static Path jar(Path dir, String id, Class<?> extension) throws IOException {
    String classFile = extension.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (InputStream in = extension.getClassLoader().getResourceAsStream(classFile)) {
      if (in == null) {
        throw new IOException("no " + classFile + " on the test class path");
      }
      bytes = in.readAllBytes();
    }
    String properties =
        String.join(
            "\n",
            "plugin.id=" + id,
            "plugin.version=1.0.0",
            "plugin.provider=diztl smoke test",
            "plugin.description=deliberately broken",
            "plugin.dependencies=",
            "");
    Path jar = dir.resolve(id + "-1.0.0.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      put(zip, "plugin.properties", properties.getBytes(StandardCharsets.ISO_8859_1));
      put(
          zip,
          "META-INF/extensions.idx",
          (extension.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      put(zip, classFile, bytes);
    }
    return jar;
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }
}
