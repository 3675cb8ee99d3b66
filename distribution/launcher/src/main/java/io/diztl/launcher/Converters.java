package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.node.FileRef;
import io.diztl.proto.Fingerprint;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for diztl's option values; a bad value becomes a usage error naming what is
 * expected.
 */
final class Converters {

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\s\\[\\]]+):(\\d{1,5})");

  private Converters() {}

  private static <T> T convert(String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (DiztlException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static int port(String value) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is expected
    }
    throw new DiztlException("invalid port '" + value + "': expected a number from 0 to 65535");
  }

  static String hostPort(String value) {
    String address = value.strip();
    var matcher = HOST_PORT.matcher(address);
    if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
      throw new DiztlException(
          "invalid address '"
              + value
              + "': expected HOST:PORT with a port up to 65535, such as 192.168.1.10:7400");
    }
    return address;
  }

  /** A tracker address, {@code HOST:PORT} or {@code HOST:PORT#FINGERPRINT}. */
  static String trackerAddress(String value) {
    String text = value.strip();
    int hash = text.indexOf('#');
    if (hash < 0) {
      return hostPort(text);
    }
    String fingerprint = Fingerprint.normalize(text.substring(hash + 1));
    Fingerprint.problem(fingerprint)
        .ifPresent(
            problem -> {
              throw new DiztlException(
                  "invalid tracker fingerprint in '"
                      + value
                      + "': "
                      + problem
                      + "; copy HOST:PORT#FINGERPRINT as the tracker prints it");
            });
    return hostPort(text.substring(0, hash)) + "#" + fingerprint;
  }

  /** Writes an address as {@code HOST:PORT}, bracketing an IPv6 host. */
  static String address(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** A size such as {@code 1.5G}; see {@link Sizes#parse}. */
  static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return Converters.convert(value, Sizes::parse);
    }
  }

  /** A file type name, any case. */
  static final class Type implements ITypeConverter<FileType> {
    @Override
    public FileType convert(String value) {
      return Converters.convert(value, FileType::parse);
    }
  }

  /** A download reference, {@code NODE_ID:FILE_ID}. */
  static final class Ref implements ITypeConverter<FileRef> {
    @Override
    public FileRef convert(String value) {
      return Converters.convert(value, FileRef::parse);
    }
  }

  /** A content identity: 64 hex digits, as the sha256 of a search result; kept in lower case. */
  static final class ContentId implements ITypeConverter<String> {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    @Override
    public String convert(String value) {
      if (!HEX64.matcher(value).matches()) {
        throw new TypeConversionException(
            "expected 64 hex digits (the sha256 search shows), found '" + value + "'");
      }
      return value.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A port, 0 to 65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Converters.convert(value, Converters::port);
    }
  }

  /**
   * A tracker address, {@code HOST:PORT} or {@code HOST:PORT#FINGERPRINT}, or a comma-separated
   * list of them: the trackers of one cluster.
   */
  static final class TrackerAddress implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(
          value,
          list ->
              Arrays.stream(list.split(","))
                  .filter(entry -> !entry.isBlank())
                  .map(Converters::trackerAddress)
                  .collect(Collectors.joining(",")));
    }
  }
}
