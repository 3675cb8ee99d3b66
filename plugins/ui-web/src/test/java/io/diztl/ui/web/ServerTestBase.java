package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real server on 127.0.0.1 and a free port over a {@link FakeNode}, with a client that
 * can log in with a one-time link or use the API key.
 */
abstract class ServerTestBase {

  /** A clock the test can move. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration duration) {
      now.updateAndGet(t -> t.plus(duration));
    }
  }

  @TempDir Path dataDir;
  FakeNode node;
  WebServer server;
  final TestClock clock = new TestClock();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  String cookie;

  @BeforeEach
  void startServer() throws IOException {
    node = new FakeNode(dataDir);
    configure(node);
    server = WebServer.start(node, node.settings, WebServer.class.getClassLoader(), clock);
  }

  /** Fills the fake node before the server starts. */
  void configure(FakeNode node) {}

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  String origin() {
    return base();
  }

  String apiKey() throws IOException {
    return Files.readString(dataDir.resolve(ApiKey.FILE_NAME)).strip();
  }

  /** Logs in through a one-time link and keeps the session cookie. */
  void login() throws Exception {
    HttpResponse<String> response =
        request("GET", server.loginUrl().substring(base().length()), null);
    assertEquals(303, response.statusCode(), response.body());
    String setCookie = response.headers().firstValue("Set-Cookie").orElse(null);
    assertNotNull(setCookie);
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return request("GET", path, null, headers);
  }

  /** A request with the session cookie when logged in and the given extra headers. */
  HttpResponse<String> request(String method, String path, String body, String... headers)
      throws Exception {
    return http.send(
        builder(method, path, body, headers).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request whose body is read line by line as it arrives (event streams). */
  HttpResponse<Stream<String>> stream(String path, String... headers) throws Exception {
    return http.send(
        builder("GET", path, null, headers).build(), HttpResponse.BodyHandlers.ofLines());
  }

  HttpRequest.Builder builder(String method, String path, String body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  /** Reads the stream's events on another thread, as {@code event: data} strings. */
  BlockingQueue<String> events(HttpResponse<Stream<String>> response) {
    BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
    Iterator<String> lines = response.body().iterator();
    Thread.ofVirtual()
        .start(
            () -> {
              String event = "message";
              StringBuilder data = new StringBuilder();
              String id = "";
              try {
                while (lines.hasNext()) {
                  String line = lines.next();
                  if (line.isEmpty()) {
                    if (!data.isEmpty() || !event.equals("message")) {
                      events.add(event + (id.isEmpty() ? "" : "#" + id) + " " + data);
                    }
                    event = "message";
                    id = "";
                    data.setLength(0);
                  } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                  } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                  } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                  }
                }
              } catch (RuntimeException e) {
                // the stream was closed
              }
            });
    return events;
  }

  static String next(BlockingQueue<String> events) throws InterruptedException {
    String event = events.poll(10, TimeUnit.SECONDS);
    assertTrue(event != null, "no event within 10 s");
    return event;
  }
}
