package io.diztl.plugins.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginHostConfig;
import io.diztl.pluginhost.PluginView;
import io.diztl.plugintest.PluginArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged documents plugin in the real plugin host, on PDF bombs (a tiny file claiming
 * 2,147,483,647 pages) and broken PDFs among good ones: the bombs are read by their one real page,
 * the broken files are quarantined and never retried, and the plugin keeps reading every good file.
 */
class PoisonDocumentsIT {

  @TempDir Path root;
  private Path share;
  private PluginHost host;

  @BeforeEach
  void start() throws Exception {
    Path plugins = Files.createDirectories(root.resolve("plugins"));
    Path zip = PluginArtifact.ofThisBuild();
    Files.copy(zip, plugins.resolve(zip.getFileName()));
    share = Files.createDirectories(root.resolve("share"));
    host =
        PluginHost.start(
            plugins,
            root.resolve("work"),
            PluginHostConfig.defaults().withExtractionTimeLimit(Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void bombsAndBrokenPdfsLeaveThePluginReadingTheRest() throws Exception {
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 2; i++) {
        Path bomb =
            DocumentSamples.pdfClaimingPages(share.resolve("bomb" + i + ".pdf"), Integer.MAX_VALUE);
        Map<String, Object> read = extract(bomb);
        assertEquals(1L, ((Number) read.get("pages")).longValue(), read.toString());
        assertTrue(read.get("content").toString().contains("bomb page"), read.toString());
      }
      for (int i = 0; i < 5; i++) {
        Path broken = share.resolve("broken" + i + ".pdf");
        if (round == 0) {
          Files.writeString(broken, "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R");
        }
        assertEquals(Map.of(), extract(broken), "nothing from a broken file");
      }
      Path good =
          DocumentSamples.pdf(
              share.resolve("good" + round + ".pdf"),
              "Report " + round,
              "Ana",
              List.of("otters and beavers"));
      assertEquals("Report " + round, extract(good).get("title"));
    }
    PluginView documents =
        host.plugins().stream().filter(p -> p.id().equals("documents")).findFirst().orElseThrow();
    assertEquals("STARTED", documents.state());
    assertTrue(documents.problem().contains("5 file(s) quarantined"), documents.problem());
    assertTrue(documents.problem().contains("broken0.pdf ("), documents.problem());
  }

  private Map<String, Object> extract(Path file) throws Exception {
    String name = file.getFileName().toString();
    FileSample sample = new FileSample(file, name, name, "pdf", Files.size(file));
    return host.extract(sample).stream()
        .collect(Collectors.toMap(value -> value.field().name(), Metadata.Value::value));
  }
}
