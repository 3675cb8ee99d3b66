package io.diztl.index.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;

/**
 * Where an entry sorts in a folder listing: folders before files, each by name ignoring case, then
 * by exact name so that the order is total. A page token is the key of a page's last entry, so the
 * next page starts after it whatever changed in between.
 *
 * @param folder whether the entry is a folder
 * @param name the entry's name
 */
record EntryKey(boolean folder, String name) implements Comparable<EntryKey> {

  private static final Comparator<EntryKey> ORDER =
      Comparator.comparing((EntryKey key) -> !key.folder())
          .thenComparing(EntryKey::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(EntryKey::name);

  /** Longest page token accepted, in characters: the base64 of a marker and a long name. */
  private static final int MAX_TOKEN_CHARS = 8 * 1024;

  @Override
  public int compareTo(EntryKey other) {
    return ORDER.compare(this, other);
  }

  /** The opaque page token that resumes a listing after this entry. */
  String token() {
    String text = (folder ? 'd' : 'f') + name;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key a page token holds.
   *
   * @throws DiztlException of kind {@link ErrorKind#INVALID_ARGUMENT} when it is not a token from
   *     {@link #token()}
   */
  static EntryKey parse(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw malformed(token);
    }
    String text;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw malformed(token);
    }
    if (text.length() < 2 || (text.charAt(0) != 'd' && text.charAt(0) != 'f')) {
      throw malformed(token);
    }
    String name = text.substring(1);
    if (name.indexOf('/') >= 0) {
      throw malformed(token);
    }
    return new EntryKey(text.charAt(0) == 'd', name);
  }

  private static DiztlException malformed(String token) {
    return new DiztlException(
        ErrorKind.INVALID_ARGUMENT,
        "expected the next_page_token of a previous page, found '" + SharePaths.echo(token) + "'");
  }
}
