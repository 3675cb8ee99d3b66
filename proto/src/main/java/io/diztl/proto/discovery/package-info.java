/**
 * LAN discovery's datagrams ({@link io.diztl.proto.discovery.BeaconCodec}) and the local networks
 * they are broadcast on ({@link io.diztl.proto.discovery.LocalNetworks}).
 */
package io.diztl.proto.discovery;
