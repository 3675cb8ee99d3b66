package io.diztl.proto;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The framing of gRPC-Web over HTTP/1.1 (the "+proto" binary form): each message is a frame of a
 * flag byte, a four-byte big-endian length and the message's bytes; the call's status comes last,
 * in a frame flagged {@link #TRAILERS} whose payload is an HTTP/1 header block ({@code
 * grpc-status}, {@code grpc-message} percent-encoded as gRPC's protocol says).
 */
final class GrpcWebFrames {

  /** The content type of requests and responses. */
  static final String CONTENT_TYPE = "application/grpc-web+proto";

  /** The flag of a frame that holds the call's trailers. */
  static final int TRAILERS = 0x80;

  static final String STATUS = "grpc-status";
  static final String MESSAGE = "grpc-message";

  private GrpcWebFrames() {}

  /** Writes one message frame holding {@code message}. */
  static void writeMessage(OutputStream out, byte[] message) throws IOException {
    writeFrame(out, 0, message);
  }

  /** Writes the trailers frame that ends a call with {@code status}. */
  static void writeTrailers(OutputStream out, Status status) throws IOException {
    writeFrame(out, TRAILERS, trailerBlock(status).getBytes(StandardCharsets.US_ASCII));
  }

  /** The header block of a call's status: its code and, when it has one, its description. */
  static String trailerBlock(Status status) {
    StringBuilder block = new StringBuilder();
    block.append(STATUS).append(':').append(status.getCode().value()).append("\r\n");
    if (status.getDescription() != null) {
      block.append(MESSAGE).append(':').append(percentEncode(status.getDescription()));
      block.append("\r\n");
    }
    return block.toString();
  }

  /**
   * Reads the next frame; null at the end of the stream before a frame begins.
   *
   * @throws EOFException when the stream ends inside a frame
   * @throws IOException when a frame announces more than {@code maxBytes}
   */
  static Frame read(InputStream in, int maxBytes) throws IOException {
    int flag = in.read();
    if (flag < 0) {
      return null;
    }
    DataInputStream data = new DataInputStream(in);
    int length = data.readInt();
    if (length < 0 || length > maxBytes) {
      throw new IOException(
          "a frame of " + Integer.toUnsignedString(length) + " bytes, more than " + maxBytes);
    }
    byte[] payload = new byte[length];
    data.readFully(payload);
    return new Frame(flag, payload);
  }

  /**
   * The status a trailer block stands for; UNKNOWN, with what was found, when it has no valid
   * {@code grpc-status}.
   */
  static Status statusOf(String block) {
    Integer code = null;
    String message = null;
    for (String line : block.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals(STATUS)) {
        code = parseCode(value);
      } else if (name.equals(MESSAGE)) {
        message = percentDecode(value);
      }
    }
    if (code == null) {
      return Status.UNKNOWN.withDescription("the call ended without a valid grpc-status: " + block);
    }
    return Status.fromCodeValue(code).withDescription(message);
  }

  /** The code in a {@code grpc-status} value, null when it is not one. */
  static Integer parseCode(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** gRPC's percent-encoding of a status message: UTF-8, every byte outside 0x20-0x7e and '%'. */
  static String percentEncode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    HexFormat hex = HexFormat.of().withUpperCase();
    for (byte b : bytes) {
      if (b >= 0x20 && b < 0x7f && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(hex.toHexDigits(b));
      }
    }
    return out.toString();
  }

  /** The reverse of {@link #percentEncode}; a malformed escape is kept as it is. */
  static String percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String text, int at) {
    return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
  }

  private static void writeFrame(OutputStream out, int flag, byte[] payload) throws IOException {
    int length = payload.length;
    out.write(
        new byte[] {
          (byte) flag, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
          (byte) length
        });
    out.write(payload);
  }

  /** One frame: its flag byte and payload. */
  record Frame(int flag, byte[] payload) {

    /** Whether it holds the call's trailers rather than a message. */
    boolean isTrailers() {
      return (flag & TRAILERS) != 0;
    }
  }
}
