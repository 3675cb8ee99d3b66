package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.api.SearchQuery;
import io.diztl.index.IndexedFile;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import java.util.Optional;

/** Converts between the wire's search messages and the index's types. */
public final class SearchMapping {

  private static final String PREFIX = "FILE_TYPE_";

  /** Joins several values of one metadata field on the wire. */
  public static final String VALUE_SEPARATOR = "; ";

  private SearchMapping() {}

  /**
   * The query a request asks for; a limit of 0 means {@link SearchQuery#DEFAULT_LIMIT}.
   *
   * @throws DiztlException when the request is not a valid query
   */
  public static SearchQuery toQuery(SearchRequest request) {
    int limit = request.getLimit() == 0 ? SearchQuery.DEFAULT_LIMIT : request.getLimit();
    String extension = request.getExtension();
    return new SearchQuery(
        request.getQuery(),
        fromProto(request.getType()),
        request.getMinSize(),
        request.getMaxSize(),
        extension.isBlank() ? Optional.empty() : Optional.of(extension),
        limit);
  }

  /**
   * The wire form of one indexed file, with its metadata for display (several values of a field
   * joined by "; ") and what matched it.
   */
  public static SearchHit toHit(IndexedFile file) {
    SearchHit.Builder hit =
        SearchHit.newBuilder()
            .setFileId(file.id())
            .setName(file.name())
            .setPath(file.path())
            .setSize(file.size())
            .setType(toProto(file.type()))
            .setSha256(file.sha256())
            .setModifiedMillis(file.modifiedMillis())
            .setScore(file.score())
            .addAllMatchedBy(file.matchedBy());
    file.metadata()
        .forEach((field, values) -> hit.putMetadata(field, String.join(VALUE_SEPARATOR, values)));
    return hit.build();
  }

  /** The wire constant of a file type. */
  public static io.diztl.proto.v1.FileType toProto(FileType type) {
    return io.diztl.proto.v1.FileType.valueOf(PREFIX + type.name());
  }

  /**
   * The file type a wire constant names; empty for {@code FILE_TYPE_UNSPECIFIED}.
   *
   * @throws DiztlException for a number this node does not know
   */
  public static Optional<FileType> fromProto(io.diztl.proto.v1.FileType type) {
    if (type == io.diztl.proto.v1.FileType.FILE_TYPE_UNSPECIFIED) {
      return Optional.empty();
    }
    if (type == io.diztl.proto.v1.FileType.UNRECOGNIZED) {
      throw new DiztlException(
          "unknown file type in the request: expected one of " + FileType.names());
    }
    return Optional.of(FileType.valueOf(type.name().substring(PREFIX.length())));
  }
}
