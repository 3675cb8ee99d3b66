/**
 * Test helpers for plugin authors: {@link io.diztl.plugintest.ExtractorTester} runs an extractor on
 * a file the way a node does and returns an {@link io.diztl.plugintest.ExtractionResult} with
 * assertions; the abstract contract tests are extended by each plugin's tests; {@link
 * io.diztl.plugintest.NameIndex} is a tiny in-memory index to try a matcher's queries on; {@link
 * io.diztl.plugintest.PluginArtifact} loads the packaged plugin with pf4j in integration tests.
 */
package io.diztl.plugintest;
