package io.diztl.api.ui;

import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A user interface that lives as long as the node (or its plugin) does: started with the node's
 * facade once the node is up, stopped when the node stops or the plugin is removed.
 *
 * <p><b>Discovery.</b> pf4j finds implementations annotated with {@code @org.pf4j.Extension} in the
 * node's plugins; a plugin dropped in while the node runs starts its interfaces at once.
 *
 * <p><b>Threads.</b> {@link #start} and {@link #stop} are called on a node thread, one at a time;
 * {@link #start} must return promptly (start servers or threads of its own and return). The facade
 * and {@link #loginUrl} may be used from any thread.
 *
 * <p><b>Failures.</b> An exception from {@link #start} is logged and the interface is left stopped;
 * the node keeps running. {@link #stop} should not throw.
 *
 * <p><b>Order.</b> Interfaces start in plugin-id order and stop in reverse.
 *
 * @since 0.1
 */
public interface UiContribution extends ExtensionPoint {

  /** A short name for logs and listings, such as {@code web}. */
  String name();

  /** Starts the interface on top of the node. */
  void start(NodeFacade node) throws Exception;

  /**
   * A fresh address that logs the node's owner in once, such as {@code
   * http://127.0.0.1:7410/?token=…}; empty when the interface is not a web page or not running.
   * {@code diztl node} prints it at start and {@code diztl ui} asks for a new one.
   *
   * @since 0.2
   */
  default Optional<String> loginUrl() {
    return Optional.empty();
  }

  /** Stops the interface and releases what it holds. */
  void stop();
}
