package io.diztl.node.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.diztl.api.FileType;
import io.diztl.index.IndexedFile;
import io.diztl.index.MerkleHasher;
import io.diztl.index.ShareIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * A share of one file of random bytes, {@code big.iso}, on disk, and a mocked {@link ShareIndex}
 * that knows it under {@link #ID} with its content root: for tests of serving and fetching it.
 *
 * @param index the index, knowing the file and the share folder
 * @param file the file on disk
 * @param content its bytes
 * @param root its content root (lower-case hex)
 */
public record OneFileShare(ShareIndex index, Path file, byte[] content, String root) {

  /** The file's id in the index. */
  public static final String ID = "0123456789abcdef01234567";

  /** Writes {@code size} random bytes to {@code dir/share/big.iso} and indexes them. */
  public static OneFileShare create(Path dir, int size) throws IOException {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    Path file =
        Files.write(Files.createDirectories(dir.resolve("share")).resolve("big.iso"), content);
    ShareIndex index = mock(ShareIndex.class);
    IndexedFile indexed =
        new IndexedFile(ID, "big.iso", "big.iso", "iso", FileType.OTHER, size, 0, "", 0);
    when(index.get(ID)).thenReturn(Optional.of(indexed));
    when(index.shareDir()).thenReturn(file.getParent());
    MerkleHasher hasher = new MerkleHasher(size);
    hasher.update(ByteBuffer.wrap(content));
    String root = hasher.finish().rootHex();
    when(index.sha256(indexed)).thenReturn(root);
    return new OneFileShare(index, file, content, root);
  }
}
