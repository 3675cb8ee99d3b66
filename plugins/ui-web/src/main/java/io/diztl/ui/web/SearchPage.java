package io.diztl.ui.web;

import java.util.List;

/**
 * What the search page shows.
 *
 * @param form the search as typed
 * @param types the type names offered
 * @param history the last searches, newest first
 * @param error why the search could not start, empty if it did
 * @param results the results, null when nothing was searched
 */
public record SearchPage(
    SearchForm form,
    List<String> types,
    List<SearchForm> history,
    String error,
    ResultsView results) {}
