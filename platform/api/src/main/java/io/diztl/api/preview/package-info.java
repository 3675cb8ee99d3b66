/**
 * Previews: plugins implement {@link io.diztl.api.preview.PreviewProvider} to make small JPEG
 * pictures of files (thumbnails), which nodes serve to their peers on request.
 */
package io.diztl.api.preview;
