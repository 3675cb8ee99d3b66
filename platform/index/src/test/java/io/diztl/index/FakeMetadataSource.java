package io.diztl.index;

import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FieldType;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.search.SearchMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A metadata source with two fake extractors: {@code *.txt} files give their text as {@code
 * content}; {@code *.tags} files hold {@code field=value} lines for the declared fields (other
 * lines are skipped, dates are YYYY-MM-DD). Counts its calls per file.
 */
final class FakeMetadataSource implements MetadataSource {

  static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.text("content", "text of the file"),
          FieldSpec.text("artist", "artist"),
          FieldSpec.keyword("genre", "genre"),
          FieldSpec.number("duration", "seconds"),
          FieldSpec.date("released", "release day"));

  volatile String version = "fake 1";
  volatile List<FieldSpec> fields = FIELDS;
  volatile CountDownLatch gate;
  final Map<String, SearchMatcher> matchers = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  int calls(String path) {
    AtomicInteger count = calls.get(path);
    return count == null ? 0 : count.get();
  }

  int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public List<FieldSpec> fields() {
    return fields;
  }

  @Override
  public Map<String, SearchMatcher> matchers() {
    return Map.copyOf(matchers);
  }

  @Override
  public String extractorsVersion() {
    return version;
  }

  @Override
  public List<Metadata.Value> extract(FileSample file) {
    calls.computeIfAbsent(file.relativePath(), path -> new AtomicInteger()).incrementAndGet();
    awaitGate();
    List<FieldSpec> declared = fields;
    Metadata metadata = new Metadata(declared);
    try {
      if (file.extension().equals("txt")) {
        metadata.text("content", Files.readString(file.path()));
      } else if (file.extension().equals("tags")) {
        for (String line : Files.readAllLines(file.path())) {
          String[] parts = line.split("=", 2);
          declared.stream()
              .filter(spec -> spec.name().equals(parts[0]))
              .findFirst()
              .ifPresent(spec -> add(metadata, spec.type(), spec.name(), parts[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return metadata.values();
  }

  private void awaitGate() {
    CountDownLatch latch = gate;
    try {
      if (latch != null && !latch.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("gate not opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void add(Metadata metadata, FieldType type, String field, String value) {
    switch (type) {
      case TEXT -> metadata.text(field, value);
      case KEYWORD -> metadata.keyword(field, value);
      case NUMBER -> metadata.number(field, Double.parseDouble(value));
      case DATE ->
          metadata.date(field, LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
  }
}
