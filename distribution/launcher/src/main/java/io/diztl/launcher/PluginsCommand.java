package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import io.diztl.node.ControlClient;
import io.diztl.proto.v1.PluginInfo;
import io.diztl.proto.v1.PluginsResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diztl plugins}: lists the plugins of the node running here. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Lists the plugins of the node running here: id, version, state and what each contributes,"
          + " then any problems.",
      "Copy a plugin jar or zip into the plugins folder to load it, delete it to unload it, and"
          + " list its id in disabled.txt there to disable it; the node follows while it runs."
    })
final class PluginsCommand extends ClientCommand implements Callable<Integer> {

  private static final List<String> HEADER = List.of("ID", "VERSION", "STATE", "EXTENSIONS");

  @Option(
      names = "--json",
      description =
          "Print one JSON object: plugins_dir, and plugins (id, version, state, description,"
              + " extensions, problem).")
  private boolean json;

  @Override
  public Integer call() {
    PluginsResponse plugins;
    try (ControlClient client = connect()) {
      plugins = client.plugins();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      writeJson(plugins, out);
      out.println();
    } else {
      out.print(describe(plugins));
    }
    out.flush();
    return 0;
  }

  /** The plugins as an aligned table, their problems, and where the folder is. */
  static String describe(PluginsResponse response) {
    String nl = System.lineSeparator();
    StringBuilder text = new StringBuilder();
    if (response.getPluginsCount() == 0) {
      text.append("no plugins").append(nl);
    } else {
      List<List<String>> rows = new ArrayList<>();
      rows.add(HEADER);
      for (PluginInfo plugin : response.getPluginsList()) {
        List<String> extensions = plugin.getExtensionsList();
        rows.add(
            List.of(
                plugin.getId(),
                plugin.getVersion().isEmpty() ? "-" : plugin.getVersion(),
                plugin.getState(),
                extensions.isEmpty() ? "-" : extensions.getFirst()));
        extensions.stream().skip(1).forEach(more -> rows.add(List.of("", "", "", more)));
      }
      int[] widths = new int[HEADER.size() - 1];
      rows.forEach(
          row -> {
            for (int i = 0; i < widths.length; i++) {
              widths[i] = Math.max(widths[i], row.get(i).length());
            }
          });
      for (List<String> row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
          line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
        text.append(line.append(row.getLast()).toString().stripTrailing()).append(nl);
      }
      List<PluginInfo> troubled =
          response.getPluginsList().stream().filter(p -> !p.getProblem().isBlank()).toList();
      if (!troubled.isEmpty()) {
        text.append(nl).append("problems:").append(nl);
        troubled.forEach(
            p ->
                text.append("  ").append(p.getId()).append(": ").append(p.getProblem()).append(nl));
      }
    }
    String dir = response.getPluginsDir();
    return text.append(nl)
        .append("plugins folder ")
        .append(dir)
        .append(nl)
        .append(
            "(copy a plugin in to load it, delete it to unload it; disable one by listing its id")
        .append(" in disabled.txt there)")
        .append(nl)
        .toString();
  }

  /** The plugins as one JSON object, non-ASCII escaped. */
  static void writeJson(PluginsResponse response, Writer out) {
    try (JsonGenerator json = JsonOutput.generator(out)) {
      json.writeStartObject();
      json.writeStringField("plugins_dir", response.getPluginsDir());
      json.writeArrayFieldStart("plugins");
      for (PluginInfo plugin : response.getPluginsList()) {
        json.writeStartObject();
        json.writeStringField("id", plugin.getId());
        json.writeStringField("version", plugin.getVersion());
        json.writeStringField("state", plugin.getState());
        json.writeStringField("description", plugin.getDescription());
        json.writeArrayFieldStart("extensions");
        for (String extension : plugin.getExtensionsList()) {
          json.writeString(extension);
        }
        json.writeEndArray();
        json.writeStringField("problem", plugin.getProblem());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
