package io.diztl.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a node process's own figures from its {@code GET /metrics} (Prometheus text format). */
final class Metrics {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI uri;

  /** The metrics a node serves on 127.0.0.1:{@code port} ({@code --metrics-port}). */
  Metrics(int port) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  /** File bytes the node has sent to other nodes ({@code diztl_transfer_bytes_total} upload). */
  long uploadedBytes() {
    String text = scrape();
    for (String line : text.split("\n")) {
      if (line.startsWith("diztl_transfer_bytes_total{") && line.contains("direction=\"upload\"")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new IllegalStateException(uri + " has no diztl_transfer_bytes_total for uploads");
  }

  private String scrape() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
