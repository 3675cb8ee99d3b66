package io.diztl.ui.web;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-events response written on the request's own (virtual) thread: {@code id:}, {@code
 * event:} and {@code data:} fields, one {@code data:} line per line of the payload. Whatever the
 * client's {@code Accept} header, the response is {@code text/event-stream}. Sending fails quietly
 * (returns false) once the client has gone.
 */
final class EventStream {

  private final ServletOutputStream out;
  private boolean open = true;

  private EventStream(ServletOutputStream out) {
    this.out = out;
  }

  /** Starts the response. */
  static EventStream open(Context ctx) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-store");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    EventStream stream = new EventStream(ctx.res().getOutputStream());
    ctx.res().flushBuffer();
    return stream;
  }

  /** Sends one event; {@code event} and {@code id} may be null. */
  synchronized boolean send(String event, String data, String id) {
    StringBuilder frame = new StringBuilder(data.length() + 64);
    if (id != null) {
      frame.append("id: ").append(oneLine(id)).append('\n');
    }
    if (event != null) {
      frame.append("event: ").append(oneLine(event)).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      frame.append("data: ").append(line).append('\n');
    }
    return write(frame.append('\n').toString());
  }

  /** Sends a comment, which keeps the connection alive and tells whether the client is there. */
  synchronized boolean ping() {
    return write(": keep-alive\n\n");
  }

  /** Whether no write has failed yet. */
  synchronized boolean open() {
    return open;
  }

  private boolean write(String text) {
    if (!open) {
      return false;
    }
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | IllegalStateException e) {
      open = false;
    }
    return open;
  }

  private static String oneLine(String value) {
    return value.replace("\r", "").replace("\n", "");
  }
}
