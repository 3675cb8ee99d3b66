package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Context;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RemoteAddressInterceptorTest {

  private static String seenBy(String caller, String tracker, String nodeHost) throws Exception {
    return Context.current()
        .withValue(RemoteAddressInterceptor.REMOTE_ADDRESS, new InetSocketAddress(caller, 50000))
        .withValue(RemoteAddressInterceptor.LOCAL_ADDRESS, new InetSocketAddress(tracker, 7400))
        .call(() -> RemoteAddressInterceptor.hostForCaller(nodeHost));
  }

  @Test
  void aLoopbackNodeIsReachedAtTheTrackersAddressFromAnotherMachine() throws Exception {
    assertEquals("192.168.1.10", seenBy("192.168.1.77", "192.168.1.10", "127.0.0.1"));
    assertEquals("192.168.1.10", seenBy("192.168.1.77", "192.168.1.10", "localhost"));
  }

  @Test
  void aLoopbackNodeStaysOnLoopbackForLocalCallers() throws Exception {
    assertEquals("127.0.0.1", seenBy("127.0.0.1", "127.0.0.1", "127.0.0.1"));
  }

  @Test
  void otherHostsAreLeftAlone() throws Exception {
    assertEquals("192.168.1.20", seenBy("192.168.1.77", "192.168.1.10", "192.168.1.20"));
  }

  @Test
  void withoutAddressesTheHostIsLeftAlone() {
    assertEquals("127.0.0.1", RemoteAddressInterceptor.hostForCaller("127.0.0.1"));
  }
}
