package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchRequest;
import java.util.regex.Pattern;

/** Checks what nodes and clients send before the tracker acts on it. */
public final class RequestValidator {

  /** The most results a search may ask of each node. */
  public static final int MAX_LIMIT = 1000;

  private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{8,64}");
  private static final int MAX_HOST_LENGTH = 255;

  private RequestValidator() {}

  /** Throws {@link InvalidRequestException} unless {@code nodeId} is 8-64 lower-case hex chars. */
  public static void checkNodeId(String nodeId) {
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new InvalidRequestException(
          "node_id must be 8-64 lower-case hex characters, found '" + abbreviate(nodeId) + "'");
    }
  }

  /** Throws {@link InvalidRequestException} unless {@code node} is fit to register. */
  public static void checkNode(NodeInfo node) {
    checkNodeId(node.getNodeId());
    if (node.getPort() < 1 || node.getPort() > 65535) {
      throw new InvalidRequestException("port must be 1-65535, found " + node.getPort());
    }
    String host = node.getHost();
    if (host.length() > MAX_HOST_LENGTH || host.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidRequestException(
          "host must be a host name or address without spaces, found '" + abbreviate(host) + "'");
    }
  }

  /** Throws {@link InvalidRequestException} unless {@code request} is a well-formed search. */
  public static void checkSearch(SearchRequest request) {
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
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
