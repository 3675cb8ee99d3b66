package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON of {@code --json}: non-ASCII characters escaped, so that the output is the same whatever
 * the console's encoding, and the target left open. Jackson is loaded only by a command that writes
 * JSON.
 */
final class JsonOutput {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private JsonOutput() {}

  /** A generator writing to {@code out}; closing it flushes but leaves {@code out} open. */
  static JsonGenerator generator(Writer out) throws IOException {
    return FACTORY.createGenerator(out);
  }
}
