package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import io.diztl.proto.Transport;
import io.diztl.tracker.ClusterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A real Hazelcast member behind the tunnel answers nobody who does not come through it: raw
 * Hazelcast protocol bytes get nothing back from the public cluster port nor from the member's
 * loopback port, while a member in plain text answers the same bytes in its protocol (which shows
 * what the first two would see without the tunnel).
 */
class HazelcastTunnelIT {

  /** Hazelcast's member protocol header. */
  private static final byte[] MEMBER_PROTOCOL = "HZC".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aMemberInPlainTextAnswersRawHazelcastBytes() throws IOException {
    int port = freePort();
    try (HazelcastCluster member =
        HazelcastCluster.start(
            ClusterConfig.parse(port, "127.0.0.1:" + port, "it"),
            "127.0.0.1",
            Transport.plaintext(),
            Optional.empty())) {
      assertEquals(Optional.empty(), member.loopbackPort());
      assertTrue(answer(port).contains("HZC"), "a plain member answers in its protocol");
    }
  }

  @Test
  void aMemberBehindTheTunnelAnswersNoRawBytesOnEitherPortAndStillAdmitsMembers()
      throws IOException {
    Identity first = Identity.generate();
    Identity second = Identity.generate();
    int firstPort = freePort();
    int secondPort = freePort();
    String members =
        "127.0.0.1:"
            + firstPort
            + "#"
            + first.id()
            + ",127.0.0.1:"
            + secondPort
            + "#"
            + second.id();
    try (HazelcastCluster member = start(first, firstPort, members)) {
      int loopback = member.loopbackPort().orElseThrow();
      for (int attempt = 0; attempt < 3; attempt++) {
        assertFalse(answer(firstPort).contains("HZC"), "the public port answered Hazelcast");
        assertFalse(answer(loopback).contains("HZC"), "the loopback member answered a stranger");
      }
      assertEquals(1, member.size());
      // Refusing strangers left Hazelcast accepting: a member of the cluster still joins.
      try (HazelcastCluster other = start(second, secondPort, members)) {
        assertEquals(2, other.size());
        assertEquals(2, member.size());
      }
    }
  }

  private static HazelcastCluster start(Identity identity, int port, String members) {
    return HazelcastCluster.start(
        ClusterConfig.parse(port, members, "it"),
        "127.0.0.1",
        Transport.tls(identity),
        Optional.empty());
  }

  /** What a port sends back, until it closes, to Hazelcast's header and the start of a packet. */
  private static String answer(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        socket.getOutputStream().write(MEMBER_PROTOCOL);
        socket.getOutputStream().write(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // Closed before all was sent (a refusal): what it sent back, if anything, is still read.
      }
      byte[] buffer = new byte[4096];
      InputStream in = socket.getInputStream();
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          bytes.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // Still open after 5 s: what came so far is the answer.
      } catch (IOException e) {
        // Reset after a refusal: what came before is the answer.
      }
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
