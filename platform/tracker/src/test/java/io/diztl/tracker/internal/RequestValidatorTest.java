package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Fingerprint;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.SearchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

  private static SearchRequest search(long min, long max, int limit) {
    return SearchRequest.newBuilder()
        .setQuery("x")
        .setMinSize(min)
        .setMaxSize(max)
        .setLimit(limit)
        .build();
  }

  private static void assertRefused(SearchRequest request, String expectedText) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> RequestValidator.checkSearch(request));
    assertTrue(e.getMessage().contains(expectedText), e.getMessage());
  }

  @Test
  void wellFormedSearchesPass() {
    assertDoesNotThrow(() -> RequestValidator.checkSearch(search(0, 0, 0)));
    assertDoesNotThrow(() -> RequestValidator.checkSearch(search(10, 10, 1000)));
    assertDoesNotThrow(() -> RequestValidator.checkSearch(search(500, 0, 1)));
  }

  @Test
  void negativeSizesAreRefused() {
    assertRefused(search(-1, 0, 0), "negative");
    assertRefused(search(0, -5, 0), "negative");
  }

  @Test
  void minAboveMaxIsRefused() {
    assertRefused(search(11, 10, 0), "11 > 10");
  }

  @Test
  void limitOutOfRangeIsRefused() {
    assertRefused(search(0, 0, -1), "found -1");
    assertRefused(search(0, 0, 1001), "found 1001");
  }

  @Test
  void queryOfAtMost4KiBOfUtf8Passes() {
    assertDoesNotThrow(
        () ->
            RequestValidator.checkSearch(
                SearchRequest.newBuilder().setQuery("é".repeat(2048)).build()));
    assertRefused(
        SearchRequest.newBuilder().setQuery("é".repeat(2048) + "x").build(),
        "at most 4096 bytes of UTF-8, found 4097");
    assertRefused(
        SearchRequest.newBuilder().setQuery("q".repeat(1 << 20)).build(), "found 1048576");
  }

  // ---- nodes ---------------------------------------------------------------------------------

  private static NodeInfo node(String host, String name) {
    return NodeInfo.newBuilder()
        .setNodeId(Fingerprint.of(new byte[] {1}))
        .setHost(host)
        .setPort(7401)
        .setName(name)
        .build();
  }

  private static String refusedNode(NodeInfo node) {
    return assertThrows(InvalidRequestException.class, () -> RequestValidator.checkNode(node))
        .getMessage();
  }

  @Test
  void nameIsStrippedAndMayHave128Characters() {
    String name = "Ünïcode ✓ " + "n".repeat(118);
    assertEquals(name, RequestValidator.checkNode(node("h", "  " + name + "\t\n")).getName());
    assertEquals("", RequestValidator.checkNode(node("h", "")).getName());
  }

  @Test
  void longerNameIsRefusedWithoutEchoingIt() {
    String message = refusedNode(node("h", "x".repeat(129)));
    assertEquals("name must be at most 128 characters, found 129", message);
    assertTrue(refusedNode(node("h", "x".repeat(5 << 20))).length() < 100);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "two\nlines",
        "tab\tinside",
        "nul\u0000",
        "bidi \u202Eexe.txt",
        "isolate \u2066x",
        "zero\u200Bwidth",
        "line\u2028sep",
        "lone \uD800 surrogate"
      })
  void nameWithDisguisingCharactersIsRefused(String name) {
    String message = refusedNode(node("h", name));
    assertTrue(message.startsWith("name must not hold control, format or bidirectional"), message);
    assertTrue(message.matches(".*found U\\+[0-9A-F]{4} at character \\d+"), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "node-b.example",
        "host.",
        "my_box",
        "10.0.0.5",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::",
        "fe80::1",
        "2001:db8::ff00:42:8329",
        "1:2:3:4:5:6:7:8",
        "::ffff:192.0.2.1"
      })
  void hostNamesAndAddressesPass(String host) {
    assertEquals(host, RequestValidator.checkNode(node(host, "n")).getHost());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b",
        "host\n",
        "-bad.example",
        "bad-.example",
        "a..b",
        "ex%ample",
        "1.2.3.256",
        "1.2.3",
        "1:::2",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "[::1]",
        "fe80::1%eth0",
        "::ffff:1.2.3.999",
        "12345::1"
      })
  void malformedHostIsRefused(String host) {
    assertTrue(refusedNode(node(host, "n")).startsWith("host must be a host name"));
  }

  @Test
  void hostMayHave253Characters() {
    String label = "a".repeat(63);
    String host = String.join(".", label, label, label, "a".repeat(61));
    assertEquals(253, host.length());
    assertDoesNotThrow(() -> RequestValidator.checkNode(node(host, "n")));
    assertTrue(refusedNode(node(host + "b", "n")).contains("at most 253 characters"));
  }
}
