package io.diztl.ui.web;

import io.diztl.api.ui.NodeEvent;

/**
 * A node event and its id in the event log, one higher than the event before.
 *
 * @param id the id
 * @param event the event
 */
public record LoggedEvent(long id, NodeEvent event) {}
