package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.node.ControlClient;
import io.diztl.node.WireTypes;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code diztl search}: searches the network through the local node. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Searches the files of every node on the network, through the node running here.",
      "Prints results as nodes answer, then a summary on stderr. Sizes take K, M, G, T"
          + " (1024-based)."
    })
final class SearchCommand extends ClientCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "QUERY",
      arity = "0..*",
      description = {
        "What to find. Words match file names and text metadata (all must match, the last one"
            + " also as a prefix); \"a phrase\" matches words in a row.",
        "field:value searches a metadata field (artist:davis, camera:nikon) or a built-in one"
            + " (type:image, ext:pdf, name:, path:); numbers and dates compare:"
            + " pages>100, duration<300, size>10M, modified>=2024-01, year:1990..1999.",
        "prefix:argument uses a plugin's matcher (fuzzy:holidy, regex:\"img_\\d+\"); -term"
            + " excludes. A field no node knows matches nothing."
      })
  private List<String> words = List.of();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      converter = Converters.Type.class,
      completionCandidates = FileTypes.Names.class,
      description = "Only files of this type: ${COMPLETION-CANDIDATES}.")
  private FileType type;

  @Option(
      names = "--min-size",
      paramLabel = "SIZE",
      converter = Converters.Size.class,
      description = "Only files at least this big.")
  private long minSize;

  @Option(
      names = "--max-size",
      paramLabel = "SIZE",
      converter = Converters.Size.class,
      description = "Only files at most this big.")
  private long maxSize;

  @Option(
      names = "--ext",
      paramLabel = "EXT",
      description = "Only files with this extension, such as pdf.")
  private String extension;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description =
          "At most N results from each node (default: " + SearchQuery.DEFAULT_LIMIT + ").")
  private Integer limit;

  @Option(
      names = "--json",
      description =
          "Print one JSON object per result and line (ref, node, node_name, name, path, size, type,"
              + " sha256, modified, meta, matched_by, snippets), then {\"summary\": ...}: results,"
              + " elapsed_ms, nodes, answered, failed, timed_out, skipped, not_asked, note and"
              + " outcomes (node, node_name, state, elapsed_ms, hits, error), each node's answer"
              + " time.")
  private boolean json;

  @Override
  public Integer call() {
    SearchRequest request = request();
    PrintWriter out = spec.commandLine().getOut();
    ResultPrinter printer =
        json ? new HitJsonWriter(out) : new HitTable(out, Terminals.interactive());
    int hits = 0;
    SearchSummary summary = null;
    long started;
    try (ControlClient client = connect()) {
      started = System.nanoTime();
      Iterator<SearchEvent> events = client.search(request);
      while (events.hasNext()) {
        SearchEvent event = events.next();
        if (event.hasResults()) {
          printer.print(event.getResults());
          hits += event.getResults().getHitsCount();
        } else if (event.hasSummary()) {
          summary = event.getSummary();
        }
      }
    }
    if (json) {
      SummaryJsonWriter.write(
          out, hits, summary, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(summary == null ? plural(hits, "result") : describe(hits, summary));
    err.flush();
    return 0;
  }

  /** The request, checked as a node would check it, so that mistakes are usage errors. */
  private SearchRequest request() {
    String text = String.join(" ", words).strip();
    if (text.isEmpty() && type == null && extension == null && minSize == 0 && maxSize == 0) {
      throw new ParameterException(
          spec.commandLine(),
          "nothing to search for: give a QUERY, or a filter (--type, --ext, --min-size,"
              + " --max-size)");
    }
    SearchQuery query;
    try {
      query =
          new SearchQuery(
              text,
              Optional.ofNullable(type),
              minSize,
              maxSize,
              Optional.ofNullable(extension),
              limit == null ? SearchQuery.DEFAULT_LIMIT : limit);
    } catch (DiztlException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return SearchRequest.newBuilder()
        .setQuery(query.text())
        .setType(WireTypes.toWire(query.type()))
        .setMinSize(query.minSize())
        .setMaxSize(query.maxSize())
        .setExtension(query.extension().orElse(""))
        .setLimit(limit == null ? 0 : query.limit())
        .build();
  }

  /**
   * The summary line: {@code N results from A of B nodes (F failed, T timed out[, S skipped][, K
   * not asked])}, and any note; nodes not asked are those that routing knew could not match.
   */
  static String describe(int hits, SearchSummary summary) {
    return plural(hits, "result")
        + " from "
        + summary.getAnswered()
        + " of "
        + plural(summary.getNodes(), "node")
        + " ("
        + summary.getFailed()
        + " failed, "
        + summary.getTimedOut()
        + " timed out"
        + (summary.getSkipped() > 0 ? ", " + summary.getSkipped() + " skipped" : "")
        + (summary.getNotAsked() > 0 ? ", " + summary.getNotAsked() + " not asked" : "")
        + ")"
        + (summary.getNote().isBlank() ? "" : ": " + summary.getNote());
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
