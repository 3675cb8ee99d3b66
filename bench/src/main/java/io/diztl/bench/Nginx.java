package io.diztl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** nginx serving one folder on 127.0.0.1 with sendfile, from a configuration in a temp folder. */
final class Nginx implements AutoCloseable {

  private final Proc proc;
  private final int port;

  private Nginx(Proc proc, int port) {
    this.proc = proc;
    this.port = port;
  }

  /** nginx, where the system has it. */
  static Optional<Path> binary() {
    return Tools.find("nginx", "/usr/sbin/nginx");
  }

  /** Starts nginx serving {@code root}; its configuration and logs go to {@code dir}. */
  static Nginx start(Path binary, Path root, Path dir) {
    int port = Dist.freePort();
    try {
      Files.createDirectories(dir.resolve("temp"));
      // As root, the workers would otherwise run as nobody, who may not enter the work folder.
      String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
      String temp = dir.resolve("temp").toString();
      String config =
          user
              + "worker_processes 1;\n"
              + "daemon off;\n"
              + "pid "
              + dir.resolve("nginx.pid")
              + ";\n"
              + "error_log "
              + dir.resolve("error.log")
              + " warn;\n"
              + "events { worker_connections 64; }\n"
              + "http {\n"
              + "  access_log off;\n"
              + "  sendfile on;\n"
              + "  tcp_nopush on;\n"
              + "  default_type application/octet-stream;\n"
              + "  client_body_temp_path "
              + temp
              + ";\n"
              + "  proxy_temp_path "
              + temp
              + ";\n"
              + "  fastcgi_temp_path "
              + temp
              + ";\n"
              + "  uwsgi_temp_path "
              + temp
              + ";\n"
              + "  scgi_temp_path "
              + temp
              + ";\n"
              + "  server {\n"
              + "    listen 127.0.0.1:"
              + port
              + ";\n"
              + "    root "
              + root
              + ";\n"
              + "  }\n"
              + "}\n";
      Path file = dir.resolve("nginx.conf");
      Files.writeString(file, config);
      Proc proc =
          Proc.start(
              "nginx",
              List.of(
                  binary.toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  file.toString(),
                  "-e",
                  dir.resolve("error.log").toString()),
              dir.resolve("nginx.out"));
      Nginx nginx = new Nginx(proc, port);
      nginx.awaitListening(Duration.ofSeconds(20));
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot configure nginx in " + dir, e);
    }
  }

  /** The URL of {@code name} under the served folder. */
  /** CPU time nginx (its master and workers) used so far, in seconds. */
  double cpuSeconds() {
    return proc.treeCpuSeconds();
  }

  String url(String name) {
    return "http://127.0.0.1:" + port + "/" + name;
  }

  private void awaitListening(Duration bound) {
    long end = System.nanoTime() + bound.toNanos();
    while (true) {
      proc.checkAlive();
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end) {
          close();
          throw new IllegalStateException("nginx did not listen on port " + port + " in " + bound);
        }
        Sleep.millis(20);
      }
    }
  }

  @Override
  public void close() {
    proc.close();
  }
}
