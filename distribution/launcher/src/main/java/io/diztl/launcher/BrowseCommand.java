package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.ControlClient;
import io.diztl.node.FileRef;
import io.diztl.proto.v1.BrowseRequest;
import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.FolderEntry;
import io.diztl.proto.v1.NodeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diztl browse}: lists a folder of some node's share. */
@Command(
    name = "browse",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Lists a folder of a node's share (this node's too): folders first, with how many files and"
          + " bytes are under each, then files with their size, type and the REF get takes.",
      "Prints a summary line on stderr."
    })
final class BrowseCommand extends ClientCommand implements Callable<Integer> {

  /** Most pages followed, so that a node answering without end cannot keep the command busy. */
  static final int MAX_PAGES = 10_000;

  private static final List<String> HEADER = List.of("NAME", "SIZE", "FILES", "TYPE", "REF");

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  @Parameters(
      index = "0",
      paramLabel = "NODE",
      description = "The node: its id, a unique prefix of its id, or its name (see status).")
  private String node;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PATH",
      description = "The folder, relative to that node's share (default: the share itself).")
  private String path = "";

  @Option(
      names = "--json",
      description =
          "Print one JSON object per entry and line (node, name, path, folder, size, files, type,"
              + " ref, sha256, modified).")
  private boolean json;

  @Override
  public Integer call() {
    List<FolderEntry> entries = new ArrayList<>();
    BrowseResponse last;
    try (ControlClient client = connect()) {
      String nodeId = nodeId(client);
      String token = "";
      int pages = 0;
      do {
        if (++pages > MAX_PAGES) {
          throw new DiztlException(
              ErrorKind.RESOURCE_EXHAUSTED,
              "the node sent more than " + MAX_PAGES + " pages for one folder: stopped");
        }
        last =
            client.browse(
                BrowseRequest.newBuilder()
                    .setNodeId(nodeId)
                    .setPath(path)
                    .setPageToken(token)
                    .build());
        entries.addAll(last.getEntriesList());
        token = last.getNextPageToken();
      } while (!token.isEmpty());
    }
    // Folders first, in the order the node sent them (each page is sorted, so is the whole).
    entries.sort(Comparator.comparing(entry -> !entry.getFolder()));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      for (FolderEntry entry : entries) {
        writeJson(out, last.getNode(), entry);
      }
    } else {
      out.print(table(last.getNode(), entries));
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println(summary(last, entries));
    err.flush();
    return 0;
  }

  /** The node id {@code node} stands for, asking who is online unless it is a whole id. */
  private String nodeId(ControlClient client) {
    if (NodeChoice.isFullId(node)) {
      return node;
    }
    return NodeChoice.pick(node, client.listPeers().getNodesList()).getNodeId();
  }

  /** The entries as an aligned table with a header; nothing for an empty folder. */
  static String table(NodeInfo node, List<FolderEntry> entries) {
    if (entries.isEmpty()) {
      return "";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (FolderEntry entry : entries) {
      String name = Printable.of(entry.getName());
      rows.add(
          entry.getFolder()
              ? List.of(name + "/", Sizes.format(entry.getSize()), "" + entry.getFiles(), "", "")
              : List.of(
                  name,
                  Sizes.format(entry.getSize()),
                  "",
                  FileTypes.name(entry.getType()),
                  ref(node, entry)));
    }
    int[] widths = new int[HEADER.size()];
    rows.forEach(
        row -> {
          for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(widths[i], row.get(i).length());
          }
        });
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = row.get(i);
        String padding = " ".repeat(widths[i] - cell.length());
        boolean right = i == 1 || i == 2;
        line.append(right ? padding + cell : cell + padding).append("  ");
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** {@code N folders, M files in NAME:/PATH}. */
  static String summary(BrowseResponse page, List<FolderEntry> entries) {
    long folders = entries.stream().filter(FolderEntry::getFolder).count();
    long files = entries.size() - folders;
    NodeInfo node = page.getNode();
    String label = node.getName().isBlank() ? node.getNodeId() : Printable.of(node.getName());
    return folders
        + (folders == 1 ? " folder, " : " folders, ")
        + files
        + (files == 1 ? " file" : " files")
        + " in "
        + label
        + ":/"
        + Printable.of(page.getPath());
  }

  private static String ref(NodeInfo node, FolderEntry entry) {
    if (entry.getFileId().isEmpty()) {
      return "-";
    }
    try {
      return new FileRef(node.getNodeId(), entry.getFileId()).toString();
    } catch (DiztlException e) {
      return "-";
    }
  }

  private static void writeJson(PrintWriter out, NodeInfo node, FolderEntry entry) {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("node", node.getNodeId());
      json.writeStringField("name", entry.getName());
      json.writeStringField("path", entry.getPath());
      json.writeBooleanField("folder", entry.getFolder());
      json.writeNumberField("size", entry.getSize());
      json.writeNumberField("files", entry.getFiles());
      String ref = entry.getFolder() ? "-" : ref(node, entry);
      if (entry.getFolder()) {
        json.writeNullField("type");
      } else {
        json.writeStringField("type", FileTypes.name(entry.getType()));
      }
      if (ref.equals("-")) {
        json.writeNullField("ref");
      } else {
        json.writeStringField("ref", ref);
      }
      if (entry.getSha256().isEmpty()) {
        json.writeNullField("sha256");
      } else {
        json.writeStringField("sha256", entry.getSha256());
      }
      json.writeStringField("modified", Instant.ofEpochMilli(entry.getModifiedMillis()).toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
  }
}
