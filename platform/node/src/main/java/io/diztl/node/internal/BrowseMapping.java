package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.FileType;
import io.diztl.api.ui.FolderEntry;
import io.diztl.api.ui.FolderListing;
import io.diztl.api.ui.PeerInfo;
import io.diztl.node.FileRef;
import io.diztl.node.WireTypes;
import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.ListFolderResponse;
import io.diztl.proto.v1.NodeInfo;

/** Converts folder listings between the wire and diztl's own types. */
public final class BrowseMapping {

  private BrowseMapping() {}

  /**
   * A node's page of a folder; a file whose id cannot form a reference keeps an empty {@code ref},
   * so it is shown but cannot be downloaded.
   */
  public static FolderListing toListing(PeerInfo node, ListFolderResponse page) {
    return new FolderListing(
        node.nodeId(),
        node.name(),
        page.getPath(),
        page.getEntriesList().stream().map(entry -> toEntry(node.nodeId(), entry)).toList(),
        page.getNextPageToken());
  }

  private static FolderEntry toEntry(String nodeId, io.diztl.proto.v1.FolderEntry entry) {
    String ref = "";
    if (!entry.getFolder()) {
      try {
        ref = new FileRef(nodeId, entry.getFileId()).toString();
      } catch (DiztlException e) {
        ref = "";
      }
    }
    return new FolderEntry(
        entry.getName(),
        entry.getPath(),
        entry.getFolder(),
        entry.getSize(),
        entry.getFiles(),
        entry.getFolder() ? FileType.OTHER : WireTypes.ofFile(entry.getType()),
        ref,
        entry.getSha256(),
        entry.getModifiedMillis());
  }

  /** The control API's form of a listing. */
  public static BrowseResponse toResponse(FolderListing listing) {
    BrowseResponse.Builder response =
        BrowseResponse.newBuilder()
            .setNode(NodeInfo.newBuilder().setNodeId(listing.nodeId()).setName(listing.nodeName()))
            .setPath(listing.path())
            .setNextPageToken(listing.nextPageToken());
    for (FolderEntry entry : listing.entries()) {
      io.diztl.proto.v1.FolderEntry.Builder proto =
          io.diztl.proto.v1.FolderEntry.newBuilder()
              .setName(entry.name())
              .setPath(entry.path())
              .setFolder(entry.folder())
              .setSize(entry.size())
              .setFiles(entry.files())
              .setSha256(entry.sha256())
              .setModifiedMillis(entry.modifiedMillis());
      if (!entry.folder()) {
        proto.setType(WireTypes.toWire(entry.type()));
        if (!entry.ref().isEmpty()) {
          proto.setFileId(FileRef.parse(entry.ref()).fileId());
        }
      }
      response.addEntries(proto);
    }
    return response.build();
  }
}
