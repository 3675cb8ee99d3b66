/** LAN discovery on the tracker's side: the {@link io.diztl.tracker.discovery.BeaconAnnouncer}. */
package io.diztl.tracker.discovery;
