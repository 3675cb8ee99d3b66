package io.diztl.tracker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.proto.Identity;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Two ends of a cluster tunnel connection over real TLS on loopback: each admits the other only
 * with a pinned identity and, when the network has a key, a proof of the same key; each says why it
 * refused.
 */
class MemberCheckIT {

  private final Identity server = Identity.generate();
  private final Identity client = Identity.generate();
  private final NetworkKey key = NetworkKey.generate();

  /** What one end concluded: the peer's id, or why it refused. */
  private record Outcome(String peerId, String refusal) {}

  @Test
  void endsWithTheSameKeyAdmitEachOtherAndLearnEachOthersIdentity() throws Exception {
    Outcome[] ends = connect(check(server, Set.of(), key), check(client, Set.of(), key));

    assertEquals(client.id(), ends[0].peerId());
    assertEquals(server.id(), ends[1].peerId());
  }

  @Test
  void anotherKeyIsRefusedOnBothEnds() throws Exception {
    Outcome[] ends =
        connect(check(server, Set.of(), key), check(client, Set.of(), NetworkKey.generate()));

    assertTrue(ends[0].refusal().contains("does not match the network key"), ends[0].refusal());
    assertTrue(ends[1].refusal() != null, "the client admitted a server of another key");
  }

  @Test
  void anEndWithoutTheKeyIsRefusedAndToldWhy() throws Exception {
    Outcome[] ends = connect(check(server, Set.of(), key), check(client, Set.of(), null));

    assertTrue(ends[0].refusal().contains("it has no network key"), ends[0].refusal());
    assertTrue(ends[1].refusal().contains("this tracker has none"), ends[1].refusal());
  }

  @Test
  void anIdentityThatIsNotPinnedFailsTheHandshake() throws Exception {
    String other = Identity.generate().id();
    Outcome[] ends =
        connect(
            check(server, Set.of(server.id(), other), null),
            check(client, Set.of(server.id(), client.id()), null));

    assertTrue(ends[0].refusal().contains(client.id() + " is not pinned"), String.valueOf(ends[0]));
    assertTrue(ends[1].refusal() != null, "the client thinks it was admitted");
  }

  @Test
  void pinnedIdentitiesWithoutAKeyAreAdmitted() throws Exception {
    Set<String> pins = Set.of(server.id(), client.id());
    Outcome[] ends = connect(check(server, pins, null), check(client, pins, null));

    assertEquals(client.id(), ends[0].peerId());
    assertEquals(server.id(), ends[1].peerId());
  }

  private static MemberCheck check(Identity identity, Set<String> pins, NetworkKey key) {
    return new MemberCheck(pins, Optional.ofNullable(key), identity.id());
  }

  /** Runs both ends' checks on one connection: the server's outcome first. */
  private Outcome[] connect(MemberCheck serverCheck, MemberCheck clientCheck) throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            Transport.tls(server)
                .sslContext(serverCheck.pin())
                .orElseThrow()
                .getServerSocketFactory()
                .createServerSocket(0, 1, LocalPorts.LOOPBACK)) {
      listener.setNeedClientAuth(true);
      Future<Outcome> serverEnd =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                  return outcome(serverCheck, socket);
                } catch (IOException e) {
                  return new Outcome(null, ClusterTunnel.reason(e));
                }
              });
      Outcome clientEnd;
      try (SSLSocket socket =
          (SSLSocket)
              Transport.tls(client)
                  .sslContext(clientCheck.pin())
                  .orElseThrow()
                  .getSocketFactory()
                  .createSocket()) {
        socket.connect(new InetSocketAddress(LocalPorts.LOOPBACK, listener.getLocalPort()));
        clientEnd = outcome(clientCheck, socket);
      }
      return new Outcome[] {serverEnd.get(), clientEnd};
    }
  }

  private static Outcome outcome(MemberCheck check, SSLSocket socket) {
    try {
      return new Outcome(check.admit(socket), null);
    } catch (IOException e) {
      Pipe.close(socket);
      return new Outcome(null, ClusterTunnel.reason(e));
    }
  }
}
