package io.diztl.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShareSummaryTest {

  private static final List<String> KEYS =
      IntStream.range(0, 2000).mapToObj(i -> "word" + i).toList();

  @Test
  void holdsEveryKeyPutInItAndFewOthers() {
    ShareSummary summary = ShareSummary.parse(ShareSummary.of(KEYS).toByteString()).orElseThrow();
    KEYS.forEach(key -> assertTrue(summary.mayHoldAll(List.of(key)), key));
    assertTrue(summary.mayHoldAll(KEYS));
    long falsePositives =
        IntStream.range(0, 10_000).filter(i -> summary.mayHoldAll(List.of("absent" + i))).count();
    assertTrue(falsePositives < 50, "false positives in 10,000: " + falsePositives);
  }

  @Test
  void aHugeShareStaysWithinTheLargestSummary() {
    List<String> many = IntStream.range(0, 400_000).mapToObj(i -> "k" + i).toList();
    ByteString encoded = ShareSummary.of(many).toByteString();
    assertTrue(encoded.size() <= ShareSummary.MAX_BYTES, "bytes: " + encoded.size());
    ShareSummary summary = ShareSummary.parse(encoded).orElseThrow();
    assertTrue(summary.mayHoldAll(many));
  }

  @Test
  void refusesWhatIsNotASummary() {
    ByteString good = ShareSummary.of(KEYS).toByteString();
    assertEquals(Optional.empty(), ShareSummary.parse(ByteString.EMPTY));
    assertEquals(Optional.empty(), ShareSummary.parse(good.substring(0, good.size() - 1)));
    ByteString claimsHuge =
        ByteString.copyFrom(new byte[] {0, 3, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})
            .concat(ByteString.copyFrom(new byte[64]));
    assertEquals(Optional.empty(), ShareSummary.parse(claimsHuge));
    assertEquals(
        Optional.empty(),
        ShareSummary.parse(ByteString.copyFrom(new byte[ShareSummary.MAX_BYTES + 8])));
  }
}
