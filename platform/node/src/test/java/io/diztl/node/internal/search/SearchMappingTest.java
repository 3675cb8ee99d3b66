package io.diztl.node.internal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.SearchSummary;
import io.diztl.api.ui.Snippet;
import io.diztl.index.IndexedFile;
import io.diztl.node.WireTypes;
import io.diztl.proto.v1.Mark;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SearchMappingTest {

  @Test
  void convertsEveryField() {
    SearchQuery query =
        SearchMapping.toQuery(
            SearchRequest.newBuilder()
                .setQuery("holiday video")
                .setType(io.diztl.proto.v1.FileType.FILE_TYPE_VIDEO)
                .setMinSize(10)
                .setMaxSize(20)
                .setExtension(".MKV")
                .setLimit(7)
                .build());

    assertEquals(
        new SearchQuery(
            "holiday video", Optional.of(FileType.VIDEO), 10, 20, Optional.of("mkv"), 7),
        query);
  }

  @Test
  void emptyFieldsMeanNoFilterAndTheDefaultLimit() {
    SearchQuery query = SearchMapping.toQuery(SearchRequest.newBuilder().setQuery("x").build());

    assertEquals(Optional.empty(), query.type());
    assertEquals(Optional.empty(), query.extension());
    assertEquals(0, query.minSize());
    assertEquals(0, query.maxSize());
    assertEquals(SearchQuery.DEFAULT_LIMIT, query.limit());
  }

  @Test
  void capsTheLimit() {
    SearchQuery query =
        SearchMapping.toQuery(SearchRequest.newBuilder().setLimit(1_000_000).build());

    assertEquals(SearchQuery.MAX_LIMIT, query.limit());
  }

  @Test
  void rejectsNegativeLimitsAndSizes() {
    assertThrows(
        DiztlException.class,
        () -> SearchMapping.toQuery(SearchRequest.newBuilder().setLimit(-1).build()));
    assertThrows(
        DiztlException.class,
        () -> SearchMapping.toQuery(SearchRequest.newBuilder().setMinSize(-5).build()));
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () ->
                SearchMapping.toQuery(
                    SearchRequest.newBuilder().setMinSize(9).setMaxSize(3).build()));
    assertTrue(e.getMessage().contains("larger than maximum"), e.getMessage());
  }

  @Test
  void rejectsUnknownTypeNumbersNamingTheKnownTypes() {
    DiztlException e =
        assertThrows(
            DiztlException.class,
            () -> SearchMapping.toQuery(SearchRequest.newBuilder().setTypeValue(99).build()));

    assertTrue(e.getMessage().contains(FileType.names()), e.getMessage());
    assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
  }

  @ParameterizedTest
  @EnumSource(FileType.class)
  void mapsEachTypeBothWays(FileType type) {
    io.diztl.proto.v1.FileType wire = WireTypes.toWire(type);

    assertEquals("FILE_TYPE_" + type.name(), wire.name());
    assertEquals(Optional.of(type), WireTypes.fromWire(wire));
    assertEquals(type, WireTypes.ofFile(wire));
  }

  @Test
  void unspecifiedTypeMeansAny() {
    assertEquals(
        Optional.empty(), WireTypes.fromWire(io.diztl.proto.v1.FileType.FILE_TYPE_UNSPECIFIED));
    assertEquals(
        FileType.OTHER, WireTypes.ofFile(io.diztl.proto.v1.FileType.FILE_TYPE_UNSPECIFIED));
    assertEquals(FileType.OTHER, WireTypes.ofFile(io.diztl.proto.v1.FileType.UNRECOGNIZED));
  }

  @Test
  void convertsAnIndexedFileToAHit() {
    IndexedFile file =
        new IndexedFile(
            "0123456789abcdef01234567",
            "a/b.mp3",
            "b.mp3",
            "mp3",
            FileType.AUDIO,
            42,
            1000,
            "ff",
            1.5f);

    assertEquals(
        SearchHit.newBuilder()
            .setFileId("0123456789abcdef01234567")
            .setName("b.mp3")
            .setPath("a/b.mp3")
            .setSize(42)
            .setType(io.diztl.proto.v1.FileType.FILE_TYPE_AUDIO)
            .setSha256("ff")
            .setModifiedMillis(1000)
            .setScore(1.5f)
            .build(),
        SearchMapping.toHit(file));
  }

  @Test
  void carriesMetadataAndWhatMatched() {
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    metadata.put("artist", List.of("Miles Davis", "John Coltrane"));
    metadata.put("duration", List.of("545"));
    IndexedFile file =
        new IndexedFile(
            "0123456789abcdef01234567",
            "a/so what.mp3",
            "so what.mp3",
            "mp3",
            FileType.AUDIO,
            42,
            1000,
            "ff",
            1.5f,
            metadata,
            List.of("name", "artist"));

    SearchHit hit = SearchMapping.toHit(file);

    assertEquals(
        Map.of("artist", "Miles Davis; John Coltrane", "duration", "545"), hit.getMetadataMap());
    assertEquals(List.of("name", "artist"), hit.getMatchedByList());
  }

  @Test
  void aHitOfAnotherNodeBecomesANetworkHitAndBack() {
    PeerInfo node = new PeerInfo("synw3u7n4pfy5s5kzpli3ycazub", "alice", "10.0.0.2", 7401, false);
    SearchHit wire =
        SearchHit.newBuilder()
            .setFileId("0123456789abcdef01234567")
            .setName("b.mp3")
            .setPath("a/b.mp3")
            .setSize(42)
            .setType(io.diztl.proto.v1.FileType.FILE_TYPE_AUDIO)
            .setSha256("ff")
            .setModifiedMillis(1000)
            .putMetadata("artist", "Miles Davis")
            .addMatchedBy("artist")
            .addSnippets(wireSnippet("by Miles Davis", 3, 8))
            .build();

    NetworkHit hit = SearchMapping.toNetworkHit(node, wire, Set.of("ff")).orElseThrow();

    assertEquals("synw3u7n4pfy5s5kzpli3ycazub:0123456789abcdef01234567", hit.ref());
    assertEquals("alice", hit.nodeName());
    assertEquals(FileType.AUDIO, hit.type());
    assertEquals(1000, hit.modifiedMillis());
    assertEquals(Map.of("artist", "Miles Davis"), hit.metadata());
    assertTrue(hit.alreadyHere());
    assertEquals(
        List.of(new Snippet("artist", "by Miles Davis", List.of(new Snippet.Range(3, 8)))),
        hit.snippets());
    assertEquals(wire, SearchMapping.toHit(hit), "all but the relevance survive the round trip");
    assertFalse(SearchMapping.toNetworkHit(node, wire, Set.of()).orElseThrow().alreadyHere());
  }

  @Test
  void snippetsOfAnotherNodeAreCutToTheLimitsAndBadRangesDropped() {
    PeerInfo node = new PeerInfo("synw3u7n4pfy5s5kzpli3ycazub", "alice", "10.0.0.2", 7401, false);
    SearchHit.Builder wire = SearchHit.newBuilder().setFileId("0123456789abcdef01234567");
    for (int i = 0; i < 5; i++) {
      wire.addSnippets(wireSnippet("x".repeat(500), 5, 2, 0, 3, 1, 2, 190, 250));
    }

    List<Snippet> snippets =
        SearchMapping.toNetworkHit(node, wire.build(), Set.of()).orElseThrow().snippets();

    assertEquals(Snippet.MAX_PER_HIT, snippets.size());
    assertEquals(Snippet.MAX_CHARS, snippets.getFirst().text().length());
    assertEquals(List.of(new Snippet.Range(0, 3)), snippets.getFirst().marks());
  }

  private static io.diztl.proto.v1.Snippet wireSnippet(String text, int... marks) {
    io.diztl.proto.v1.Snippet.Builder snippet =
        io.diztl.proto.v1.Snippet.newBuilder().setField("artist").setText(text);
    for (int i = 0; i < marks.length; i += 2) {
      snippet.addMarks(Mark.newBuilder().setStart(marks[i]).setEnd(marks[i + 1]));
    }
    return snippet.build();
  }

  @Test
  void aHitWithAMalformedIdIsLeftOut() {
    PeerInfo node = new PeerInfo("synw3u7n4pfy5s5kzpli3ycazub", "alice", "10.0.0.2", 7401, false);

    assertEquals(
        Optional.empty(),
        SearchMapping.toNetworkHit(
            node, SearchHit.newBuilder().setFileId("../etc").build(), Set.of()));
  }

  @Test
  void summariesKeepTheirOutcomesBothWays() {
    SearchSummary summary =
        new SearchSummary(
            2,
            1,
            1,
            0,
            0,
            "",
            List.of(
                new NodeOutcome("aa", "alice", NodeOutcome.State.ANSWERED, 12, 3, ""),
                new NodeOutcome("bb", "bob", NodeOutcome.State.FAILED, 40, 0, "boom")));

    assertEquals(summary, SearchMapping.toSummary(SearchMapping.toProto(summary)));
  }
}
