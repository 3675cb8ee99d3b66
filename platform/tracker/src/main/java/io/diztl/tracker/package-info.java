/** The diztl tracker: a live registry of nodes that relays searches to all of them. */
package io.diztl.tracker;
