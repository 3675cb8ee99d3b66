package io.diztl.api.ui;

/**
 * A node of the network as the tracker lists it.
 *
 * @param nodeId its id
 * @param name its human-readable name
 * @param host where peers reach it
 * @param port its peer port
 * @param self whether it is this node
 * @since 0.2
 */
public record PeerInfo(String nodeId, String name, String host, int port, boolean self) {}
