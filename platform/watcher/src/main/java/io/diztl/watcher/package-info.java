/** Watches a share folder recursively and reports files that changed or disappeared. */
package io.diztl.watcher;
