/**
 * Metadata extraction: plugins implement {@link io.diztl.api.metadata.MetadataExtractor} to add
 * typed fields (text, keyword, number, date) to the index, searchable from every node.
 */
package io.diztl.api.metadata;
