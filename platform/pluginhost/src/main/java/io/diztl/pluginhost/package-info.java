/**
 * The plugin host: {@link io.diztl.pluginhost.PluginHost} loads a folder of pf4j plugins, keeps it
 * in sync while the node runs, and guards every call into a plugin.
 */
package io.diztl.pluginhost;
