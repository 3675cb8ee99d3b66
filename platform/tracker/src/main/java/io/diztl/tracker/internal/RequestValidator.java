package io.diztl.tracker.internal;

import io.diztl.api.SearchQuery;
import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchRequest;
import java.util.regex.Pattern;

/**
 * Checks what nodes and clients send before the tracker acts on it. Text a peer supplies is
 * refused, never cleaned: a name with a control, format or bidirectional character, or too long,
 * fails the registration, so what others see is exactly what the node sent.
 */
public final class RequestValidator {

  /** The most results a search may ask of each node. */
  public static final int MAX_LIMIT = 1000;

  /** The longest node name, in characters, after stripping surrounding white space. */
  public static final int MAX_NAME_CHARS = 128;

  /** The longest host: a DNS name is at most 253 characters. */
  public static final int MAX_HOST_CHARS = 253;

  /** The longest extension filter, in bytes of UTF-8. */
  public static final int MAX_EXTENSION_BYTES = 64;

  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private RequestValidator() {}

  /** Throws {@link InvalidRequestException} unless {@code nodeId} is a {@link Fingerprint}. */
  public static void checkNodeId(String nodeId) {
    Fingerprint.problem(nodeId)
        .ifPresent(
            problem -> {
              throw new InvalidRequestException(
                  "node_id must be a node identity, found '"
                      + LogText.of(nodeId)
                      + "': "
                      + problem);
            });
  }

  /**
   * Checks that {@code node} is fit to register and returns it with its name stripped.
   *
   * @throws InvalidRequestException for a malformed id, an out-of-range port, a host that is
   *     neither a host name nor an IP address, or a name too long or with characters that could
   *     disguise it or break a line
   */
  public static NodeInfo checkNode(NodeInfo node) {
    checkNodeId(node.getNodeId());
    if (node.getPort() < 1 || node.getPort() > 65535) {
      throw new InvalidRequestException("port must be 1-65535, found " + node.getPort());
    }
    checkHost(node.getHost());
    String name = node.getName().strip();
    if (name.length() > MAX_NAME_CHARS) {
      throw new InvalidRequestException(
          "name must be at most " + MAX_NAME_CHARS + " characters, found " + name.length());
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (disguising(c)) {
        throw new InvalidRequestException(
            String.format(
                "name must not hold control, format or bidirectional characters, found U+%04X at"
                    + " character %d",
                c, i + 1));
      }
      i += Character.charCount(c);
    }
    return name.equals(node.getName()) ? node : node.toBuilder().setName(name).build();
  }

  /** Throws {@link InvalidRequestException} unless {@code request} is a well-formed search. */
  public static void checkSearch(SearchRequest request) {
    int queryBytes = request.getQueryBytes().size();
    if (queryBytes > SearchQuery.MAX_TEXT_BYTES) {
      throw new InvalidRequestException(
          "query must be at most "
              + SearchQuery.MAX_TEXT_BYTES
              + " bytes of UTF-8, found "
              + queryBytes);
    }
    long min = request.getMinSize();
    long max = request.getMaxSize();
    if (min < 0 || max < 0) {
      throw new InvalidRequestException(
          "min_size and max_size must not be negative, found " + min + " and " + max);
    }
    if (max > 0 && min > max) {
      throw new InvalidRequestException(
          "min_size must not exceed max_size, found " + min + " > " + max);
    }
    if (request.getLimit() < 0 || request.getLimit() > MAX_LIMIT) {
      throw new InvalidRequestException(
          "limit must be 0-" + MAX_LIMIT + ", found " + request.getLimit());
    }
    if (request.getExtensionBytes().size() > MAX_EXTENSION_BYTES) {
      throw new InvalidRequestException(
          "extension must be at most "
              + MAX_EXTENSION_BYTES
              + " bytes, found '"
              + LogText.of(request.getExtension())
              + "'");
    }
  }

  /** An empty host (the caller's address is used), a host name, or an IPv4 or IPv6 address. */
  private static void checkHost(String host) {
    if (host.isEmpty()) {
      return;
    }
    if (host.length() > MAX_HOST_CHARS || !(host.contains(":") ? isIpv6(host) : isName(host))) {
      throw new InvalidRequestException(
          "host must be a host name, an IPv4 or an IPv6 address of at most "
              + MAX_HOST_CHARS
              + " characters, found '"
              + LogText.of(host)
              + "'");
    }
  }

  /** A DNS name (labels of letters, digits, '-' and '_'), or a dotted IPv4 address. */
  private static boolean isName(String host) {
    String[] labels =
        (host.endsWith(".") ? host.substring(0, host.length() - 1) : host).split("\\.", -1);
    boolean numeric = true;
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
      numeric &= DIGITS.matcher(label).matches();
    }
    return !numeric || isIpv4(labels);
  }

  private static boolean isIpv4(String[] parts) {
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.length() > 3 || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** An IPv6 address in text form, without brackets or zone: 8 groups, or fewer with one "::". */
  private static boolean isIpv6(String host) {
    int gap = host.indexOf("::");
    if (gap >= 0 && host.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] groups =
        (gap < 0 ? host : host.substring(0, gap) + ":" + host.substring(gap + 2)).split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String group = groups[i];
      boolean edge =
          gap >= 0
              && ((i == 0 && gap == 0) || (i == groups.length - 1 && gap == host.length() - 2));
      if (group.isEmpty() && edge) {
        continue;
      }
      if (i == groups.length - 1 && group.contains(".")) {
        String[] parts = group.split("\\.", -1);
        if (!allDigits(parts) || !isIpv4(parts)) {
          return false;
        }
        count += 2;
      } else if (HEX_GROUP.matcher(group).matches()) {
        count++;
      } else {
        return false;
      }
    }
    return gap >= 0 ? count <= 7 : count == 8;
  }

  private static boolean allDigits(String[] parts) {
    for (String part : parts) {
      if (!DIGITS.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean disguising(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }
}
