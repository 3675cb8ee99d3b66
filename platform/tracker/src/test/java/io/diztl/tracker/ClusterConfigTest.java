package io.diztl.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void readsMembersAndThePinnedIdentities() {
    String id = Identity.generate().id();
    ClusterConfig config =
        ClusterConfig.parse(7401, " 10.0.0.1:7401#" + id.toUpperCase() + ", 10.0.0.2:7401,", "lab");
    assertEquals(List.of("10.0.0.1:7401", "10.0.0.2:7401"), config.members());
    assertEquals(Set.of(id), config.trustedIds());
    assertEquals("lab", config.name());
  }

  @Test
  void refusesMalformedMembersSayingWhich() {
    IllegalArgumentException noPort =
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.parse(7401, "a:1,b", "x"));
    assertTrue(noPort.getMessage().contains("'b'"), noPort.getMessage());
    IllegalArgumentException badId =
        assertThrows(
            IllegalArgumentException.class, () -> ClusterConfig.parse(7401, "a:1#nope", "x"));
    assertTrue(badId.getMessage().contains("fingerprint"), badId.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.parse(7401, " , ", "x"));
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.parse(0, "a:1", "x"));
  }
}
