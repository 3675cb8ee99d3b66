package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.tracker.ClusterConfig;
import org.junit.jupiter.api.Test;

class MemberAddressesTest {

  @Test
  void theOwnEntryIsTheOneOnTheClusterPortAtAnAddressOfThisHost() {
    ClusterConfig cluster =
        ClusterConfig.parse(7402, "192.0.2.10:7402,127.0.0.1:7403,127.0.0.1:7402", "lab");

    assertEquals("127.0.0.1:7402", MemberAddresses.publicAddress(cluster, "0.0.0.0"));
  }

  @Test
  void aBoundAddressNamesTheEntryOrIsTheAddressItself() {
    ClusterConfig listed = ClusterConfig.parse(7402, "192.0.2.10:7402,127.0.0.1:7402", "lab");
    ClusterConfig unlisted = ClusterConfig.parse(7402, "192.0.2.10:7402", "lab");

    assertEquals("127.0.0.1:7402", MemberAddresses.publicAddress(listed, "127.0.0.1"));
    assertEquals("127.0.0.1:7402", MemberAddresses.publicAddress(unlisted, "127.0.0.1"));
  }

  @Test
  void withoutItsOwnEntryAndBoundToAllAddressesATrackerIsToldToListItself() {
    ClusterConfig cluster = ClusterConfig.parse(7402, "192.0.2.10:7402,192.0.2.11:7402", "lab");

    DiztlException e =
        assertThrows(DiztlException.class, () -> MemberAddresses.publicAddress(cluster, "0.0.0.0"));
    assertTrue(e.getMessage().contains("list it in --cluster"), e.getMessage());
  }
}
