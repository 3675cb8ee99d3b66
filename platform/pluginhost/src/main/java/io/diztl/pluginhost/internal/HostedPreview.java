package io.diztl.pluginhost.internal;

import io.diztl.api.preview.PreviewProvider;

/**
 * A plugin's preview provider.
 *
 * @param className the provider's class name
 * @param provider the extension
 */
record HostedPreview(String className, PreviewProvider provider) {

  /** {@code preview ImagePreviewProvider}. */
  String describe() {
    return "preview " + className.substring(className.lastIndexOf('.') + 1);
  }
}
