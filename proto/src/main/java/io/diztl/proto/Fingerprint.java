package io.diztl.proto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a node or tracker, derived from its certificate, the way Syncthing derives device
 * ids: the first 16 bytes of the SHA-256 of the certificate (DER) in lower-case base32 (RFC 4648
 * alphabet {@code a-z2-7}, no padding, 26 characters), then one Luhn mod 32 check character: 27
 * characters such as {@code bqaztczy62ywywcckoeimqvdneq}. A node's id is its fingerprint, and so is
 * the {@code #FINGERPRINT} of a tracker address.
 *
 * <p>128 bits keep a second certificate with the same fingerprint out of reach; the check character
 * catches a mistyped one.
 */
public final class Fingerprint {

  /** Characters in a fingerprint. */
  public static final int LENGTH = 27;

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int HASH_BYTES = 16;

  private Fingerprint() {}

  /** The fingerprint of {@code certificate}. */
  public static String of(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    try {
      return of(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The fingerprint of the DER encoding of a certificate. */
  public static String of(byte[] certificateDer) {
    Objects.requireNonNull(certificateDer, "certificateDer");
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(certificateDer);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    StringBuilder text = new StringBuilder(LENGTH);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < HASH_BYTES; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        text.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    text.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    return text.append(checkCharacter(text)).toString();
  }

  /** Whether {@code text} is a well-formed fingerprint (lower case, check character right). */
  public static boolean isValid(String text) {
    return problem(text).isEmpty();
  }

  /**
   * What is wrong with {@code text} as a fingerprint, or empty when nothing is; the message names
   * the expected form.
   */
  public static Optional<String> problem(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() != LENGTH) {
      return Optional.of(
          "expected " + LENGTH + " characters of a-z and 2-7, found " + text.length());
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(text.charAt(i)) < 0) {
        return Optional.of(
            "expected only a-z and 2-7, found '" + text.charAt(i) + "' at " + (i + 1));
      }
    }
    if (checkCharacter(text.substring(0, LENGTH - 1)) != text.charAt(LENGTH - 1)) {
      return Optional.of("its check character does not match: mistyped?");
    }
    return Optional.empty();
  }

  /** {@code text} in the canonical lower case, so that a fingerprint typed in capitals works. */
  public static String normalize(String text) {
    return Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
  }

  /** The Luhn mod 32 check character of {@code text}. */
  private static char checkCharacter(CharSequence text) {
    int factor = 2;
    int sum = 0;
    for (int i = text.length() - 1; i >= 0; i--) {
      int addend = factor * ALPHABET.indexOf(text.charAt(i));
      factor = factor == 2 ? 1 : 2;
      sum += addend / 32 + addend % 32;
    }
    return ALPHABET.charAt((32 - sum % 32) % 32);
  }
}
