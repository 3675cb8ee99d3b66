package io.diztl.api.preview;

import io.diztl.api.metadata.FileSample;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Makes small pictures of files, such as thumbnails of images, so that users see what a file is
 * before fetching it. The node that shares the file asks for one the first time someone wants it,
 * keeps it by content hash in its data folder and serves it to peers ({@code Peer.GetPreview}).
 *
 * <p><b>Discovery.</b> pf4j finds implementations annotated with {@code @org.pf4j.Extension} in the
 * node's plugins, as it does extractors.
 *
 * <p><b>Threads.</b> The node calls {@link #accepts} and {@link #preview} on its own background
 * threads, possibly for several files at once: an implementation must be thread-safe and keep no
 * state between files.
 *
 * <p><b>Failures.</b> {@link #preview} may throw: the node logs it and serves no preview. Each call
 * has the extractors' time limit; a provider that runs over it, or fails many files in a row, is
 * disabled with its plugin. A preview larger than the limits allow is refused.
 *
 * <p><b>Order.</b> Providers are asked in plugin-id order; the first preview wins.
 *
 * @since 0.2
 */
public interface PreviewProvider extends ExtensionPoint {

  /** Whether {@link #preview} may make something of this file; cheap, no I/O. */
  boolean accepts(FileSample file);

  /**
   * A JPEG of the file within {@code limits}, or empty when it has nothing to show (or refuses the
   * file, such as an image whose header claims more than {@link PreviewLimits#maxPixels()}).
   *
   * @throws Exception when the file cannot be read or decoded
   */
  Optional<Preview> preview(FileSample file, PreviewLimits limits) throws Exception;
}
