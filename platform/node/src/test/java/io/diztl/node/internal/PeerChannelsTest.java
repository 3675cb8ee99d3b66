package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.proto.Transport;
import org.junit.jupiter.api.Test;

class PeerChannelsTest {

  private static final String NODE = "aaaaaaaaaaaaaaaaaaaaaaaaaaa";

  @Test
  void eachConnectionNumberIsAChannelOfItsOwnKeptForLaterCalls() {
    try (PeerChannels channels = new PeerChannels(Transport.plaintext())) {
      assertSame(channels.channel("127.0.0.1", 1, NODE), channels.channel("127.0.0.1", 1, NODE, 0));
      assertSame(
          channels.channel("127.0.0.1", 1, NODE, 1), channels.channel("127.0.0.1", 1, NODE, 1));
      assertNotSame(
          channels.channel("127.0.0.1", 1, NODE, 0), channels.channel("127.0.0.1", 1, NODE, 1));
    }
  }

  @Test
  void aNegativeConnectionNumberIsRefused() {
    try (PeerChannels channels = new PeerChannels(Transport.plaintext())) {
      assertThrows(
          IllegalArgumentException.class, () -> channels.channel("127.0.0.1", 1, NODE, -1));
    }
  }
}
