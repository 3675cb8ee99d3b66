package io.diztl.node.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.diztl.index.MerkleHasher;
import io.diztl.node.internal.fetch.TransferPartial.Expected;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferPartialTest {

  private static final Expected EXPECTED = new Expected(10, "cd".repeat(32));

  @TempDir Path dir;

  @Test
  void sidecarRoundTrips() throws IOException {
    TransferPartial partial = new TransferPartial(dir, "node-abc");
    Files.writeString(partial.part(), "12345");
    partial.writeSidecar(EXPECTED);

    assertEquals(Optional.of(EXPECTED), partial.resumable());
    assertEquals(5, partial.length());
    assertEquals(dir.resolve("node-abc.meta"), partial.meta());
    assertFalse(Files.exists(dir.resolve("node-abc.meta.tmp")));
  }

  @Test
  void malformedSidecarDiscardsBoth() throws IOException {
    TransferPartial partial = new TransferPartial(dir, "k");
    Files.writeString(partial.part(), "12345");
    Files.writeString(partial.meta(), "size=ten\nsha256=\n");

    assertEquals(Optional.empty(), partial.resumable());
    assertFalse(Files.exists(partial.part()));
    assertFalse(Files.exists(partial.meta()));
  }

  @Test
  void partialLongerThanTheFileOrWithoutSidecarIsDiscarded() throws IOException {
    TransferPartial partial = new TransferPartial(dir, "k");
    Files.writeString(partial.part(), "12345678901");
    partial.writeSidecar(EXPECTED);
    assertEquals(Optional.empty(), partial.resumable());
    assertFalse(Files.exists(partial.meta()));

    Files.writeString(partial.part(), "123");
    assertEquals(Optional.empty(), partial.resumable());
    assertFalse(Files.exists(partial.part()));
  }

  @Test
  void digestsTheBytesOnDisk() throws IOException {
    TransferPartial partial = new TransferPartial(dir, "k");
    byte[] content = "x".repeat(3_000_000).getBytes(StandardCharsets.UTF_8);
    Files.write(partial.part(), content);
    MerkleHasher digest = new MerkleHasher(content.length);
    partial.digestInto(digest);
    MerkleHasher expected = new MerkleHasher(content.length);
    expected.update(ByteBuffer.wrap(content));
    assertEquals(expected.finish(), digest.finish());
  }
}
