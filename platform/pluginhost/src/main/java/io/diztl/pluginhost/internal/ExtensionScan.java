package io.diztl.pluginhost.internal;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.MetadataExtractor;
import io.diztl.api.preview.PreviewProvider;
import io.diztl.api.search.SearchMatcher;
import io.diztl.api.ui.UiContribution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.pf4j.ExtensionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and creates the extensions of one started plugin: the classes its {@code
 * META-INF/extensions.idx} lists (pf4j's annotation processor writes it), looked up in the plugin's
 * own class path only. Each one is created once and its fixed parts (fields, prefix, name) read
 * once; what goes wrong is collected as problems, one line each.
 */
final class ExtensionScan {

  private static final Logger LOG = LoggerFactory.getLogger(ExtensionScan.class);

  /** Where pf4j's annotation processor lists a jar's extensions. */
  static final String INDEX = "META-INF/extensions.idx";

  private static final Pattern PREFIX = Pattern.compile("[a-z]+");

  /** What a plugin contributes, and what could not be taken from it. */
  record Contributions(
      List<HostedExtractor> extractors,
      List<GuardedMatcher> matchers,
      List<HostedUi> uis,
      List<HostedPreview> previews,
      List<String> problems) {}

  private final String pluginId;
  private final ClassLoader loader;
  private final ExtensionFactory factory;
  private final List<HostedExtractor> extractors = new ArrayList<>();
  private final List<GuardedMatcher> matchers = new ArrayList<>();
  private final List<HostedUi> uis = new ArrayList<>();
  private final List<HostedPreview> previews = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private ExtensionScan(String pluginId, ClassLoader loader, ExtensionFactory factory) {
    this.pluginId = pluginId;
    this.loader = loader;
    this.factory = factory;
  }

  /** Scans the plugin {@code pluginId} whose classes {@code loader} loads. */
  static Contributions scan(String pluginId, ClassLoader loader, ExtensionFactory factory) {
    ExtensionScan scan = new ExtensionScan(pluginId, loader, factory);
    List<String> names = scan.classNames();
    if (names.isEmpty()) {
      scan.problems.add("the plugin lists no extensions (" + INDEX + " missing or empty)");
    }
    names.forEach(scan::add);
    return new Contributions(
        scan.extractors, scan.matchers, scan.uis, scan.previews, scan.problems);
  }

  private List<String> classNames() {
    URL index =
        loader instanceof URLClassLoader own ? own.findResource(INDEX) : loader.getResource(INDEX);
    if (index == null) {
      return List.of();
    }
    Set<String> names = new TreeSet<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
      reader
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .forEach(names::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX + " of plugin " + pluginId, e);
    }
    return List.copyOf(names);
  }

  private void add(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      problems.add("extension class " + className + " cannot be loaded: " + Problems.describe(e));
      return;
    }
    boolean extractor = MetadataExtractor.class.isAssignableFrom(type);
    boolean matcher = SearchMatcher.class.isAssignableFrom(type);
    boolean ui = UiContribution.class.isAssignableFrom(type);
    boolean preview = PreviewProvider.class.isAssignableFrom(type);
    if (!extractor && !matcher && !ui && !preview) {
      LOG.debug("plugin {}: {} extends no diztl extension point, ignored", pluginId, className);
      return;
    }
    Object instance;
    try {
      instance = factory.create(type);
      if (extractor) {
        addExtractor(className, (MetadataExtractor) instance);
      }
      if (matcher) {
        addMatcher(className, (SearchMatcher) instance);
      }
      if (ui) {
        uis.add(
            new HostedUi(
                requireText(((UiContribution) instance).name(), className, "name()"),
                (UiContribution) instance));
      }
      if (preview) {
        previews.add(new HostedPreview(className, (PreviewProvider) instance));
      }
    } catch (RuntimeException | LinkageError e) {
      problems.add("extension " + className + " failed: " + Problems.describe(e));
    }
  }

  private void addExtractor(String className, MetadataExtractor extractor) {
    List<FieldSpec> fields = List.copyOf(extractor.fields());
    Set<String> names = new HashSet<>();
    for (FieldSpec field : fields) {
      if (!names.add(field.name())) {
        throw new IllegalStateException("fields() declares '" + field.name() + "' twice");
      }
    }
    extractors.add(
        new HostedExtractor(className, extractor, fields, extensionsOf(extractor, className)));
  }

  private void addMatcher(String className, SearchMatcher matcher) {
    String prefix = requireText(matcher.prefix(), className, "prefix()");
    if (!PREFIX.matcher(prefix).matches() || FieldSpec.RESERVED.contains(prefix)) {
      throw new IllegalStateException(
          "prefix() must be lower-case letters and not one of "
              + FieldSpec.RESERVED
              + ", found '"
              + prefix
              + "'");
    }
    matchers.add(
        new GuardedMatcher(
            pluginId,
            matcher,
            prefix,
            requireText(matcher.description(), className, "description()")));
  }

  private static Set<String> extensionsOf(MetadataExtractor extractor, String className) {
    Set<String> extensions = extractor.extensions();
    if (extensions == null) {
      throw new IllegalStateException(className + ".extensions() returned null");
    }
    for (String extension : extensions) {
      if (extension == null
          || extension.indexOf('.') >= 0
          || !extension.equals(extension.toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException(
            className
                + ".extensions() must hold lower-case extensions without the dot, found '"
                + extension
                + "'");
      }
    }
    return Set.copyOf(extensions);
  }

  private static String requireText(String text, String className, String method) {
    if (text == null || text.isBlank()) {
      throw new IllegalStateException(className + "." + method + " returned no text");
    }
    return text.strip();
  }
}
