package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchRequest;

/**
 * Fuzzes the tracker's request checks with whatever bytes a hostile caller could send as a
 * registration or a search: each one is accepted or refused with an {@link InvalidRequestException}
 * whose message is short and free of control characters; nothing else escapes. Plain {@code mvn
 * verify} runs the committed inputs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class RequestValidatorFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void registrationsAreAcceptedOrRefusedClearly(byte[] input) {
    NodeInfo node;
    try {
      node = NodeInfo.parseFrom(input);
    } catch (InvalidProtocolBufferException e) {
      return; // gRPC refuses these before the tracker sees them
    }
    try {
      NodeInfo checked = RequestValidator.checkNode(node);
      RequestValidator.checkNodeId(checked.getNodeId());
    } catch (InvalidRequestException e) {
      assertClear(e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void searchesAreAcceptedOrRefusedClearly(byte[] input) {
    SearchRequest request;
    try {
      request = SearchRequest.parseFrom(input);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    try {
      RequestValidator.checkSearch(request);
    } catch (InvalidRequestException e) {
      assertClear(e);
    }
  }

  private static void assertClear(InvalidRequestException e) {
    String message = e.getMessage();
    assertTrue(message.length() < 1_000, message);
    assertTrue(message.chars().noneMatch(c -> c < 0x20 || c == 0x7f), message);
  }
}
