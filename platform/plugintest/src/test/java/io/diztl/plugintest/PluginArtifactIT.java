package io.diztl.plugintest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.metadata.MetadataExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class PluginArtifactIT {

  @TempDir Path dir;

  @Test
  void loadsAPluginJarInItsOwnClassLoader() throws IOException {
    Path jar = pluginJar("plugin.id=line-count\nplugin.version=1.0.0\nplugin.provider=test\n");
    Path notes = Files.writeString(dir.resolve("notes.txt"), "Title line\nsecond\n");
    PluginArtifact plugin = PluginArtifact.load(jar);
    try (plugin) {
      assertEquals("line-count", plugin.descriptor().getPluginId());
      List<MetadataExtractor> extractors = plugin.extensions(MetadataExtractor.class);
      assertEquals(1, extractors.size());
      assertNotSame(LineCountExtractor.class, extractors.getFirst().getClass());
      ExtractorTester.of(extractors.getFirst())
          .extract(notes)
          .assertText("title", "Title line")
          .assertNumber("lines", 2);
    }
    assertFalse(Files.exists(plugin.folder()), "the plugins folder is left behind");
  }

  @Test
  void failsForAJarWithoutDescriptor() throws IOException {
    Path jar = pluginJar(null);
    assertThrows(AssertionFailedError.class, () -> PluginArtifact.load(jar).close());
  }

  private Path pluginJar(String descriptor) throws IOException {
    Path jar = dir.resolve("line-count-1.0.0.jar");
    String classFile = LineCountExtractor.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        InputStream bytes =
            LineCountExtractor.class.getClassLoader().getResourceAsStream(classFile)) {
      if (descriptor != null) {
        out.putNextEntry(new JarEntry("plugin.properties"));
        out.write(descriptor.getBytes(StandardCharsets.ISO_8859_1));
      }
      out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
      out.write((LineCountExtractor.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(out);
    }
    return jar;
  }
}
