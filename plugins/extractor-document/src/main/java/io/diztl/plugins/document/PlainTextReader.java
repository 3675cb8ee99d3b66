package io.diztl.plugins.document;

import io.diztl.api.metadata.Metadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the start of a plain-text file: UTF-8 when it decodes as such, else ISO-8859-1. */
final class PlainTextReader {

  /** Enough bytes for {@link Metadata#MAX_TEXT_LENGTH} characters of UTF-8. */
  private static final int MAX_BYTES = Metadata.MAX_TEXT_LENGTH * 4;

  private PlainTextReader() {}

  static String read(Path file) throws IOException {
    byte[] bytes;
    boolean whole;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES);
      whole = in.read() < 0;
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(bytes.length);
    // A file cut short may end inside a character: then the last bytes are left undecoded.
    boolean isUtf8 = !utf8.decode(ByteBuffer.wrap(bytes), chars, whole).isError();
    String text = isUtf8 ? chars.flip().toString() : new String(bytes, StandardCharsets.ISO_8859_1);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.length() > Metadata.MAX_TEXT_LENGTH
        ? text.substring(0, Metadata.MAX_TEXT_LENGTH)
        : text;
  }
}
