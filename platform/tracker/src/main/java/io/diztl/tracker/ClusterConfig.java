package io.diztl.tracker;

import io.diztl.proto.Fingerprint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a tracker joins the other trackers of its network into one cluster: the cluster members it
 * lists explicitly (no multicast, no discovery), the port its own member listens on, and the
 * cluster's name. Members listed with a {@code #FINGERPRINT} pin the tracker identities the cluster
 * trusts: when any member is pinned, this tracker relays searches only to, and accepts relayed
 * searches only from, trackers of those identities.
 *
 * @param port the cluster port of this tracker's member (on the tracker's bind address)
 * @param members the cluster members as {@code HOST:PORT}, this tracker's own among them or not
 * @param trustedIds the tracker identities pinned in the member list; empty trusts any member
 * @param name the cluster's name: members of another name never join
 * @since 0.3
 */
public record ClusterConfig(int port, List<String> members, Set<String> trustedIds, String name) {

  /** The cluster port by default, next to the tracker's default port. */
  public static final int DEFAULT_PORT = 7402;

  /** The cluster's name by default. */
  public static final String DEFAULT_NAME = "diztl";

  /** Checks the parts. */
  public ClusterConfig {
    members = List.copyOf(members);
    trustedIds = Set.copyOf(trustedIds);
    Objects.requireNonNull(name, "name");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster port must be 1-65535, found " + port);
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one member");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("the cluster name must not be blank");
    }
  }

  /**
   * Parses a member list {@code HOST:PORT[#FINGERPRINT],HOST:PORT[#FINGERPRINT]...}, the form of
   * {@code diztl tracker --cluster}.
   *
   * @throws IllegalArgumentException for an entry not of that form, saying which
   */
  public static ClusterConfig parse(int port, String memberList, String name) {
    Objects.requireNonNull(memberList, "memberList");
    List<String> members = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (String raw : memberList.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int hash = entry.indexOf('#');
      if (hash >= 0) {
        String id = Fingerprint.normalize(entry.substring(hash + 1));
        String problem = Fingerprint.problem(id).orElse(null);
        if (problem != null) {
          throw new IllegalArgumentException(
              "malformed tracker fingerprint in cluster member '" + entry + "': " + problem);
        }
        ids.add(id);
        entry = entry.substring(0, hash);
      }
      int colon = entry.lastIndexOf(':');
      int memberPort = -1;
      if (colon > 0) {
        try {
          memberPort = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
          memberPort = -1;
        }
      }
      if (memberPort < 1 || memberPort > 65535) {
        throw new IllegalArgumentException(
            "malformed cluster member '"
                + raw.strip()
                + "': expected HOST:PORT or HOST:PORT#FINGERPRINT, such as 10.0.0.2:"
                + DEFAULT_PORT);
      }
      members.add(entry);
    }
    return new ClusterConfig(port, members, ids, name);
  }
}
