/**
 * The {@code diztl} command line (picocli). Not exported: {@link io.diztl.launcher.Main} is the
 * entry point.
 */
package io.diztl.launcher;
