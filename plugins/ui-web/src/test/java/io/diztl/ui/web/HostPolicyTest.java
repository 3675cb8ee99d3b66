package io.diztl.ui.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPolicyTest {

  @Test
  void loopbackNamesAndTheBoundAddressOnItsPort() {
    HostPolicy policy = HostPolicy.of("127.0.0.1", 7410);
    assertTrue(policy.allows("127.0.0.1:7410"));
    assertTrue(policy.allows("localhost:7410"));
    assertTrue(policy.allows("LOCALHOST"));
    assertTrue(policy.allows("[::1]:7410"));
    assertFalse(policy.allows("evil.example:7410"));
    assertFalse(policy.allows("127.0.0.1:7411"));
    assertFalse(policy.allows("127.0.0.1.nip.io:7410"));
    assertFalse(policy.allows(""));
    assertFalse(policy.allows(null));
    assertFalse(policy.allows("[::1"));
  }

  @Test
  void aLanAddressIsAllowedWhenBound() {
    HostPolicy policy = HostPolicy.of("127.0.0.2", 80);
    assertTrue(policy.allows("127.0.0.2"));
    assertFalse(policy.allows("192.0.2.1"));
  }
}
