/**
 * LAN discovery on the node's side: {@link io.diztl.node.discovery.TrackerDiscovery} finds and
 * verifies a tracker for a node started without {@code --tracker}.
 */
package io.diztl.node.discovery;
