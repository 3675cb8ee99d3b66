package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.diztl.api.DiztlException;
import io.diztl.node.internal.DownloadListener;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.grpc.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {

  private static final String ID = "0123456789abcdef01234567";

  @TempDir Path temp;

  @Test
  void createsThePartialFolder() {
    new Downloader(temp.resolve("data/partial"));
    assertTrue(Files.isDirectory(temp.resolve("data/partial")));
  }

  @Test
  void rejectsMalformedIdsWithoutCallingThePeer() {
    Downloader downloader = new Downloader(temp.resolve("partial"));
    Channel peer = mock(Channel.class);

    DiztlException badFile =
        assertThrows(
            DiztlException.class,
            () ->
                downloader.download(
                    peer, "n", "../x", ExpectedFile.UNKNOWN, temp, DownloadListener.NONE));
    assertEquals("file id must be 24 hex characters, found '../x'", badFile.getMessage());
    DiztlException badNode =
        assertThrows(
            DiztlException.class,
            () ->
                downloader.download(
                    peer, " ", ID, ExpectedFile.UNKNOWN, temp, DownloadListener.NONE));
    assertEquals("node id must not be blank, found ' '", badNode.getMessage());
    verifyNoInteractions(peer);
  }

  @Test
  void unreadablePartialFolderIsAnError() throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "x");
    DiztlException e = assertThrows(DiztlException.class, () -> new Downloader(file.resolve("p")));
    assertTrue(e.getMessage().startsWith("cannot create the folder for partial downloads "));
  }
}
