package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.ui.UiContribution;
import io.diztl.api.ui.UiSettings;
import io.diztl.plugintest.PluginArtifact;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged zip loads in pf4j and serves its pages, templates and WebJar assets through the
 * plugin's own class loader, with its libraries from {@code lib/}.
 */
class WebUiPluginIT {

  @TempDir Path dataDir;

  @Test
  void theZipStartsAServerFromItsOwnClassLoader() throws Exception {
    try (PluginArtifact plugin = PluginArtifact.load(PluginArtifact.ofThisBuild())) {
      assertEquals("ui-web", plugin.descriptor().getPluginId());
      List<UiContribution> uis = plugin.extensions(UiContribution.class);
      assertEquals(1, uis.size(), "interfaces: " + uis);
      UiContribution ui = uis.getFirst();
      assertSame(plugin.classLoader(), ui.getClass().getClassLoader());
      assertEquals("web", ui.name());
      assertTrue(ui.loginUrl().isEmpty(), "no address before start");

      FakeNode node = new FakeNode(dataDir);
      node.settings = new UiSettings("127.0.0.1", 0, Optional.empty(), dataDir, true);
      ui.start(node);
      try {
        String url = ui.loginUrl().orElseThrow();
        String base = url.substring(0, url.indexOf("/?token="));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/search?q=x"))
                    .header("Cookie", cookie)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("aria-label=\"Search\""), page.body());
        for (String asset : List.of("htmx.min.js", "sse.js", "app.js", "app.css")) {
          HttpResponse<String> file =
              http.send(
                  HttpRequest.newBuilder(URI.create(base + "/assets/" + asset)).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, file.statusCode(), asset);
        }
        HttpResponse<String> api =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/status"))
                    .header("Cookie", cookie)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(api.body().contains("\"nodeName\":\"self\""), api.body());
      } finally {
        ui.stop();
      }
      assertTrue(ui.loginUrl().isEmpty(), "no address after stop");
    }
  }

  @Test
  void aTurnedOffInterfaceDoesNotStart() throws Exception {
    FakeNode node = new FakeNode(dataDir);
    node.settings = new UiSettings("127.0.0.1", 0, Optional.empty(), dataDir, false);
    WebUi ui = new WebUi();
    ui.start(node);
    assertTrue(ui.loginUrl().isEmpty());
    ui.stop();
  }
}
