package io.diztl.node.internal.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackerAddressTest {

  @Test
  void parsesHostAndPort() {
    assertEquals(
        new TrackerAddress("tracker.lan", 7400), TrackerAddress.parse(" tracker.lan:7400 "));
    assertEquals("tracker.lan:7400", TrackerAddress.parse("tracker.lan:7400").toString());
  }

  @Test
  void parsesBracketedIpv6() {
    TrackerAddress address = TrackerAddress.parse("[::1]:7400");

    assertEquals(new TrackerAddress("::1", 7400), address);
    assertEquals("[::1]:7400", address.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "localhost:",
        ":7400",
        "localhost:x",
        "localhost:0",
        "localhost:65536",
        "::1:7400"
      })
  void rejectsMalformedAddresses(String text) {
    DiztlException e = assertThrows(DiztlException.class, () -> TrackerAddress.parse(text));

    assertTrue(e.getMessage().contains("expected HOST:PORT"), e.getMessage());
  }

  @Test
  void readsTheTrackersOfACluster() {
    assertEquals(
        List.of(new TrackerAddress("a", 7400), new TrackerAddress("::1", 7401)),
        TrackerAddress.parseList("a:7400, [::1]:7401,"));
    assertThrows(DiztlException.class, () -> TrackerAddress.parseList(" , "));
    assertThrows(DiztlException.class, () -> TrackerAddress.parseList("a:7400,b"));
  }
}
