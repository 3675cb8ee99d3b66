package io.diztl.ui.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * The only files the server serves: its style sheet and script, htmx and its SSE extension (from
 * their WebJars), read once from the plugin's own class loader. Each has an address with a content
 * hash, so browsers may cache it for good, and a gzip copy.
 */
final class Assets {

  private static final String WEBJARS = "META-INF/resources/webjars/";

  private record Asset(String type, byte[] plain, byte[] gzip, String version) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  /** Reads the files through {@code loader}, the plugin's class loader. */
  Assets(ClassLoader loader) {
    String htmx = WEBJARS + "htmx.org/" + webJarVersion(loader, "htmx.org") + "/dist/";
    String sse = WEBJARS + "htmx-ext-sse/" + webJarVersion(loader, "htmx-ext-sse") + "/";
    String own = "io/diztl/ui/web/assets/";
    add(loader, "htmx.min.js", htmx + "htmx.min.js", "text/javascript");
    add(loader, "sse.js", sse + "sse.js", "text/javascript");
    add(loader, "app.js", own + "app.js", "text/javascript");
    add(loader, "app.css", own + "app.css", "text/css");
  }

  /** The address of an asset, such as {@code /assets/app.css?v=1a2b3c4d}. */
  String url(String name) {
    Asset asset = assets.get(name);
    if (asset == null) {
      throw new IllegalArgumentException(
          "no asset " + name + ": expected one of " + assets.keySet());
    }
    return "/assets/" + name + "?v=" + asset.version();
  }

  /** Answers {@code GET /assets/{name}}. */
  void serve(Context ctx) {
    Asset asset = assets.get(ctx.pathParam("name"));
    if (asset == null) {
      throw new HttpError(404, "no such file");
    }
    boolean current = asset.version().equals(ctx.queryParam("v"));
    ctx.header("Cache-Control", current ? "public, max-age=31536000, immutable" : "no-cache");
    ctx.header("Vary", "Accept-Encoding");
    ctx.contentType(asset.type() + ";charset=utf-8");
    String accepted = ctx.header("Accept-Encoding");
    if (accepted != null && accepted.contains("gzip")) {
      ctx.header("Content-Encoding", "gzip");
      ctx.result(asset.gzip());
    } else {
      ctx.result(asset.plain());
    }
  }

  private void add(ClassLoader loader, String name, String resource, String type) {
    byte[] plain = read(loader, resource);
    try {
      ByteArrayOutputStream gzip = new ByteArrayOutputStream(plain.length / 3);
      try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
        out.write(plain);
      }
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(plain);
      assets.put(
          name, new Asset(type, plain, gzip.toByteArray(), HexFormat.of().formatHex(hash, 0, 6)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String webJarVersion(ClassLoader loader, String artifact) {
    Properties properties = new Properties();
    String resource = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the plugin lacks the WebJar " + artifact + " (" + resource + ")");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return properties.getProperty("version");
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the plugin lacks " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
