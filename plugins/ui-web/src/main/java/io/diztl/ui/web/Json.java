package io.diztl.ui.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * JSON of the API: enums in lower case, instants as ISO-8601 text, and every invisible or
 * reordering character (see {@link Fmt#hidden}) escaped as {@code \}{@code uXXXX}.
 */
final class Json {

  private final ObjectMapper mapper;

  Json() {
    SimpleModule module = new SimpleModule("diztl-ui");
    module.addSerializer(Instant.class, new InstantSerializer());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Enum<?>> enums = (Class) Enum.class;
    module.addSerializer(enums, new EnumSerializer(enums));
    mapper = new ObjectMapper().registerModule(module);
    mapper.getFactory().setCharacterEscapes(new HiddenEscapes());
  }

  /** The value as JSON text on one line. */
  String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write JSON of " + value.getClass().getName(), e);
    }
  }

  /** A request body that must be a JSON object. */
  JsonNode readObject(String body) {
    JsonNode node;
    try {
      node = body.isBlank() ? null : mapper.readTree(body);
    } catch (IOException e) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, "malformed JSON in the request body");
    }
    if (node == null || !node.isObject()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT, "expected a JSON object in the request body");
    }
    return node;
  }

  private static final class HiddenEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return Fmt.hidden(ch)
          ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch))
          : null;
    }
  }

  private static final class InstantSerializer extends StdSerializer<Instant> {
    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class EnumSerializer extends StdSerializer<Enum<?>> {
    EnumSerializer(Class<Enum<?>> type) {
      super(type);
    }

    @Override
    public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.name().toLowerCase(Locale.ROOT));
    }
  }
}
