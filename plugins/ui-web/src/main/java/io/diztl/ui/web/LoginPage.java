package io.diztl.ui.web;

/**
 * What the login page shows.
 *
 * @param passwordForm whether to offer the password form
 * @param message why the user is here, empty for none
 * @param next where to go after logging in
 */
public record LoginPage(boolean passwordForm, String message, String next) {}
