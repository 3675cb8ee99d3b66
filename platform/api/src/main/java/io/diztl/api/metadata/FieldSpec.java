package io.diztl.api.metadata;

import io.diztl.api.DiztlException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A metadata field an extractor declares: its name as users type it in queries, its type and a
 * one-line description. Field names are shared across the network: two extractors that declare the
 * same name must give it the same type.
 *
 * @param name lower-case name, a letter followed by letters, digits or '_' (at most 32)
 * @param type how the field is indexed and queried
 * @param description what the field holds, for {@code diztl plugins} and documentation
 * @since 0.1
 */
public record FieldSpec(String name, FieldType type, String description) {

  /** Names the platform itself uses in queries; no extractor may declare them. */
  public static final Set<String> RESERVED =
      Set.of("name", "path", "ext", "type", "size", "modified", "sha256", "id", "node");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** Checks the parts. */
  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new DiztlException(
          "field name must be a lower-case letter followed by up to 31 letters, digits or '_',"
              + " found '"
              + name
              + "'");
    }
    if (RESERVED.contains(name)) {
      throw new DiztlException(
          "field name '" + name + "' is reserved for the platform; reserved names: " + RESERVED);
    }
  }

  /** A text field. */
  public static FieldSpec text(String name, String description) {
    return new FieldSpec(name, FieldType.TEXT, description);
  }

  /** A keyword field. */
  public static FieldSpec keyword(String name, String description) {
    return new FieldSpec(name, FieldType.KEYWORD, description);
  }

  /** A number field. */
  public static FieldSpec number(String name, String description) {
    return new FieldSpec(name, FieldType.NUMBER, description);
  }

  /** A date field. */
  public static FieldSpec date(String name, String description) {
    return new FieldSpec(name, FieldType.DATE, description);
  }
}
