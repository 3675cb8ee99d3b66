/** Helpers for tests that run real trackers and nodes on loopback. */
package io.diztl.testkit;
