package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.ui.UiSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules every request passes: hosts, origins, logins, keys, headers. */
class SecurityIT extends ServerTestBase {

  @Test
  void withoutCookieOrKeyTheApiAnswers401AndPagesGoToTheLoginPage() throws Exception {
    HttpResponse<String> api = get("/api/v1/status");
    assertEquals(401, api.statusCode());
    assertTrue(api.body().startsWith("{\"error\":"), api.body());
    assertEquals("application/json", api.headers().firstValue("Content-Type").orElse(""));

    HttpResponse<String> page = get("/downloads");
    assertEquals(303, page.statusCode());
    assertEquals("/login?next=%2Fdownloads", page.headers().firstValue("Location").orElse(""));
    HttpResponse<String> login = get("/login?next=%2Fdownloads");
    assertEquals(200, login.statusCode());
    assertTrue(login.body().contains("diztl ui"), login.body());
  }

  @Test
  void theOneTimeTokenBecomesAStrictHttpOnlyCookieAndLeavesTheAddress() throws Exception {
    String url = server.loginUrl();
    assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}"), url);
    String path = url.substring(base().length());
    HttpResponse<String> response = get(path);
    assertEquals(303, response.statusCode());
    assertEquals("/search", response.headers().firstValue("Location").orElse(""));
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertEquals(200, get("/search").statusCode());
    assertEquals(200, get("/api/v1/status").statusCode());

    cookie = null;
    HttpResponse<String> again = get(path);
    assertEquals(401, again.statusCode(), "a used token is refused");
    assertTrue(again.body().contains("already used"), again.body());
  }

  @Test
  void tokensKeepOtherParametersAndExpire() throws Exception {
    String token = server.loginUrl().replaceFirst(".*token=", "");
    HttpResponse<String> deep = get("/search?q=jazz&token=" + token);
    assertEquals(303, deep.statusCode());
    assertEquals("/search?q=jazz", deep.headers().firstValue("Location").orElse(""));

    String old = server.loginUrl().replaceFirst(".*token=", "");
    clock.advance(Sessions.TOKEN_LIFETIME.plusSeconds(1));
    assertEquals(401, get("/?token=" + old).statusCode());
  }

  @Test
  void sessionsExpireAndLogoutEndsThem() throws Exception {
    login();
    assertEquals(200, get("/api/v1/status").statusCode());
    clock.advance(Sessions.IDLE_LIMIT.plusMinutes(1));
    assertEquals(401, get("/api/v1/status").statusCode());

    login();
    HttpResponse<String> logout = request("POST", "/logout", "", "Origin", origin());
    assertEquals(303, logout.statusCode());
    assertTrue(logout.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"));
    assertEquals(401, get("/api/v1/status").statusCode());
  }

  @Test
  void aForeignHostIsRefused() throws Exception {
    String response =
        raw(
            "GET /api/v1/status HTTP/1.1\r\nHost: evil.example:"
                + server.port()
                + "\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 403"), response);
    String wrongPort = raw("GET /login HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n");
    assertTrue(wrongPort.startsWith("HTTP/1.1 403"), wrongPort);
    String local =
        raw(
            "GET /login HTTP/1.1\r\nHost: localhost:"
                + server.port()
                + "\r\nConnection: close\r\n\r\n");
    assertTrue(local.startsWith("HTTP/1.1 200"), local);
  }

  @Test
  void postsNeedTheirOwnOrigin() throws Exception {
    login();
    node.peer("n1", "alpha").file("a.txt", "docs/a.txt", 10, "", java.util.Map.of());
    String body = "{\"ref\":\"n1:file0\"}";
    assertEquals(
        403,
        request("POST", "/api/v1/downloads", body, "Origin", "http://evil.example").statusCode());
    assertEquals(403, request("POST", "/api/v1/downloads", body).statusCode(), "no Origin");
    assertEquals(403, request("POST", "/api/v1/downloads", body, "Origin", "null").statusCode());
    assertEquals(202, request("POST", "/api/v1/downloads", body, "Origin", origin()).statusCode());
  }

  @Test
  void theApiKeyFileIsOwnerOnlyAndWorksAsBearer() throws Exception {
    Path file = dataDir.resolve(ApiKey.FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String key = apiKey();
    HttpResponse<String> ok = get("/api/v1/status", "Authorization", "Bearer " + key);
    assertEquals(200, ok.statusCode());
    assertEquals(401, get("/api/v1/status", "Authorization", "Bearer wrong").statusCode());
    node.peer("n1", "alpha").file("a.txt", "docs/a.txt", 10, "", java.util.Map.of());
    HttpResponse<String> post =
        request(
            "POST",
            "/api/v1/downloads",
            "{\"ref\":\"n1:file0\"}",
            "Authorization",
            "Bearer " + key);
    assertEquals(202, post.statusCode(), "scripts send no Origin: " + post.body());
    assertEquals(
        303, get("/search", "Authorization", "Bearer " + key).statusCode(), "pages need a session");
  }

  @Test
  void theKeyIsKeptAcrossRestarts() throws Exception {
    String key = apiKey();
    server.close();
    server = WebServer.start(node, node.settings, WebServer.class.getClassLoader(), clock);
    assertEquals(key, apiKey());
  }

  @Test
  void securityHeadersOnPagesApiAndErrorsAndNeverCors() throws Exception {
    login();
    for (String path :
        List.of("/search", "/api/v1/status", "/api/v1/nope", "/nope", "/assets/app.css")) {
      HttpResponse<String> response = get(path, "Origin", "http://evil.example");
      var headers = response.headers();
      assertEquals(Guard.CSP, headers.firstValue("Content-Security-Policy").orElse(""), path);
      assertTrue(Guard.CSP.contains("frame-ancestors 'none'"));
      assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(""), path);
      assertFalse(headers.firstValue("Access-Control-Allow-Origin").isPresent(), path);
    }
    HttpResponse<String> options =
        request(
            "OPTIONS",
            "/api/v1/status",
            null,
            "Origin",
            "http://evil.example",
            "Access-Control-Request-Method",
            "POST");
    assertFalse(options.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    assertFalse(get("/search").body().contains("<script>"), "no inline script");
  }

  @Test
  void aNonLoopbackBindNeedsAPassword() throws Exception {
    server.close();
    server = null;
    node.settings = new UiSettings("0.0.0.0", 0, Optional.empty(), dataDir, true);
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> WebServer.start(node, node.settings, WebServer.class.getClassLoader(), clock));
    assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
    assertTrue(e.getMessage().contains("--ui-password-file"), e.getMessage());
  }

  @Test
  void aTakenPortFailsWithAClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      node.settings =
          new UiSettings("127.0.0.1", taken.getLocalPort(), Optional.empty(), dataDir, true);
      DiztlException e =
          assertThrows(
              DiztlException.class,
              () -> WebServer.start(node, node.settings, WebServer.class.getClassLoader(), clock));
      assertTrue(e.getMessage().contains("port is in use"), e.getMessage());
      assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
    }
  }

  @Test
  void passwordLoginsWorkAndRepeatedFailuresGet429() throws Exception {
    server.close();
    Path password = Files.writeString(dataDir.resolve("pw"), "correct horse\n");
    node.settings = new UiSettings("127.0.0.1", 0, Optional.of(password), dataDir, true);
    server = WebServer.start(node, node.settings, WebServer.class.getClassLoader(), clock);
    assertTrue(get("/login").body().contains("type=\"password\""));
    String form = "application/x-www-form-urlencoded";
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      HttpResponse<String> wrong =
          request(
              "POST",
              "/login",
              "password=nope&next=%2Fshare",
              "Origin",
              origin(),
              "Content-Type",
              form);
      assertEquals(401, wrong.statusCode());
    }
    HttpResponse<String> limited =
        request(
            "POST", "/login", "password=correct+horse", "Origin", origin(), "Content-Type", form);
    assertEquals(429, limited.statusCode());
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());

    clock.advance(LoginThrottle.WINDOW.plus(Duration.ofSeconds(1)));
    HttpResponse<String> ok =
        request(
            "POST",
            "/login",
            "password=correct+horse&next=%2Fshare",
            "Origin",
            origin(),
            "Content-Type",
            form);
    assertEquals(303, ok.statusCode(), ok.body());
    assertEquals("/share", ok.headers().firstValue("Location").orElse(""));
    String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertEquals(200, get("/share").statusCode());

    HttpResponse<String> offsite =
        request(
            "POST",
            "/login",
            "password=correct+horse&next=%2F%2Fevil.example",
            "Origin",
            origin(),
            "Content-Type",
            form);
    assertEquals("/search", offsite.headers().firstValue("Location").orElse(""));
  }

  @Test
  void errorsAreJsonWithoutStackTraces() throws Exception {
    login();
    HttpResponse<String> missing = get("/api/v1/nope");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().startsWith("{\"error\":"), missing.body());
    HttpResponse<String> page = get("/nope");
    assertEquals(404, page.statusCode());
    assertTrue(page.body().contains("role=\"alert\""), page.body());
    assertFalse(page.body().contains("Exception"), page.body());
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      return in.readLine();
    }
  }
}
