package io.diztl.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.ControlClient;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchInfo;
import io.diztl.proto.v1.WatchMatch;
import io.diztl.proto.v1.WatchRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diztl watch}: registers a standing query and prints each match as it appears. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Registers a standing query in the query language of search and prints each matching file"
          + " as it appears on any node, until interrupted; the query stays registered (across"
          + " restarts of this node) until its time to live ends.",
      "Files that already exist are printed first, marked 'existing'; each content is printed"
          + " once per query."
    })
final class WatchCommand extends ClientCommand implements Callable<Integer> {

  private static final Pattern TTL = Pattern.compile("([0-9]+)([smhd])");

  @Parameters(arity = "0..*", paramLabel = "QUERY", description = "The query, as for search.")
  private List<String> words = List.of();

  @Option(
      names = "--ttl",
      paramLabel = "TIME",
      description = "How long the query stays registered: 30m, 12h, 7d (default 7d).")
  private String ttl = "7d";

  @Option(names = "--json", description = "Print one JSON object a line per match.")
  private boolean json;

  @Option(names = "--list", description = "List this node's standing queries.")
  private boolean list;

  @Option(names = "--cancel", paramLabel = "ID", description = "Cancel one standing query.")
  private String cancel;

  @Option(names = "--id", paramLabel = "ID", description = "Print the matches of one, by id.")
  private String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (ControlClient client = connectForStreams()) {
      if (list) {
        for (WatchInfo info : client.listWatches().getWatchesList()) {
          out.println(describe(info));
        }
        out.flush();
        return 0;
      }
      if (cancel != null) {
        client.cancelWatch(cancel);
        out.println("cancelled " + cancel);
        out.flush();
        return 0;
      }
      WatchRequest.Builder request = WatchRequest.newBuilder();
      if (id != null) {
        request.setId(id);
      } else if (words.isEmpty()) {
        throw new DiztlException(
            ErrorKind.INVALID_ARGUMENT, "expected a query, --list, --cancel ID or --id ID");
      } else {
        request
            .setQuery(SearchRequest.newBuilder().setQuery(String.join(" ", words)))
            .setTtlMillis(parseTtl(ttl).toMillis());
      }
      try (ControlClient.WatchStream events = client.watch(request.build())) {
        while (events.hasNext()) {
          print(events.next(), out);
          out.flush();
        }
      }
    }
    return 0;
  }

  private void print(WatchEvent event, PrintWriter out) {
    if (event.hasRegistered()) {
      if (!json) {
        out.println("watching " + describe(event.getRegistered()) + " (Ctrl-C to stop)");
      }
    } else if (event.hasMatch()) {
      out.println(json ? toJson(event.getMatch()) : describe(event.getMatch()));
    } else if (!json) {
      out.println("(" + event.getOmitted() + " more matches held back by the rate cap)");
    }
  }

  static String describe(WatchInfo info) {
    return info.getId()
        + "  "
        + info.getQuery().getQuery()
        + "  until "
        + Instant.ofEpochMilli(info.getExpiresMillis())
        + "  "
        + info.getMatches()
        + " matches"
        + (info.getUnseen() > 0 ? ", " + info.getUnseen() + " new" : "");
  }

  static String describe(WatchMatch match) {
    return (match.getExisting() ? "existing " : "new      ")
        + match.getNode().getNodeId()
        + ":"
        + match.getHit().getFileId()
        + "  "
        + match.getHit().getPath()
        + "  "
        + Sizes.format(match.getHit().getSize())
        + (match.getAlreadyHere() ? "  (already here)" : "");
  }

  static String toJson(WatchMatch match) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JsonOutput.generator(text)) {
      json.writeStartObject();
      json.writeStringField("query_id", match.getQueryId());
      json.writeStringField("ref", match.getNode().getNodeId() + ":" + match.getHit().getFileId());
      json.writeStringField("node", match.getNode().getName());
      json.writeStringField("name", match.getHit().getName());
      json.writeStringField("path", match.getHit().getPath());
      json.writeNumberField("size", match.getHit().getSize());
      json.writeStringField("sha256", match.getHit().getSha256());
      json.writeBooleanField("existing", match.getExisting());
      json.writeBooleanField("already_here", match.getAlreadyHere());
      json.writeArrayFieldStart("matched_by");
      for (String by : match.getHit().getMatchedByList()) {
        json.writeString(by);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static Duration parseTtl(String text) {
    Matcher m = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "expected a time to live such as 30m, 12h or 7d, found '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
