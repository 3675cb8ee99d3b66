package io.diztl.api.metadata;

import java.util.List;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Reads metadata out of files so that it becomes searchable across the network: a plugin's
 * {@code @Extension} implementing this interface adds typed fields (see {@link FieldSpec}) to the
 * index of every node that runs the plugin. Queries reach the fields by name: {@code
 * artist:"miles davis"}, {@code pages>100}; text fields also match plain words.
 *
 * <p><b>Discovery.</b> pf4j finds implementations annotated with {@code @org.pf4j.Extension} in
 * plugin jars in the node's {@code plugins/} folder, including jars dropped in while the node runs;
 * files already indexed are then extracted again in the background.
 *
 * <p><b>Threads.</b> The node calls {@link #accepts} and {@link #extract} on its own background
 * threads, never on a request thread, one file at a time per extractor: an implementation need not
 * be thread-safe, but must not keep state between files.
 *
 * <p><b>Failures.</b> {@link #extract} may throw: the node logs it and indexes the file without this
 * extractor's fields. Each call has a time limit; an extractor that runs over it, or fails many
 * files in a row, is disabled with a message in the log and in {@code diztl plugins}.
 *
 * <p><b>Types.</b> An extractor that takes only some kinds of file says which in {@link
 * #extensions()}; the node then never asks it about other files, which spares a call into the
 * plugin for each of them.
 *
 * <p><b>Order.</b> Every extractor that accepts a file runs on it, in plugin-id order; the values
 * of all of them are indexed together.
 *
 * @since 0.1
 */
public interface MetadataExtractor extends ExtensionPoint {

  /** The fields this extractor may fill; fixed for the life of the instance. */
  List<FieldSpec> fields();

  /**
   * The extensions (lower case, without the dot, as {@link FileSample#extension()}) of every file
   * {@link #accepts} may take, or an empty set, the default, when it may take any file. Files of
   * other extensions are passed over without a call to {@link #accepts}. Read once, when the plugin
   * starts; fixed for the life of the instance.
   *
   * @since 0.2
   */
  default Set<String> extensions() {
    return Set.of();
  }

  /**
   * Whether {@link #extract} should run on this file; cheap, typically a look at the extension.
   */
  boolean accepts(FileSample file);

  /**
   * Reads the file and adds what it finds to {@code metadata}; only the fields of {@link #fields()}
   * may be used, each with its declared type.
   *
   * @throws Exception when the file cannot be read or parsed; the file is indexed without this
   *     extractor's fields
   */
  void extract(FileSample file, Metadata metadata) throws Exception;
}
