package io.diztl.proto;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * A compact summary of what a node shares: a Bloom filter (Guava's, Murmur3-128 hashing) of its
 * routing keys, which says for sure when a key is absent and only probably when it is present. A
 * tracker asks a node a search only if its summary may hold every key the search needs; false
 * positives cost one wasted call, and there are no false negatives.
 */
public final class ShareSummary {

  /** The false-positive rate aimed at, while the filter stays within {@link #MAX_BYTES}. */
  public static final double FALSE_POSITIVE_RATE = 0.001;

  /** The largest encoded summary: a share with very many keys gets more false positives. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Strategy byte, hash-count byte, length int: Guava's encoding before the bits. */
  private static final int HEADER_BYTES = 6;

  private static final int FEWEST_KEYS = 64;

  private final BloomFilter<CharSequence> filter;

  private ShareSummary(BloomFilter<CharSequence> filter) {
    this.filter = filter;
  }

  /** The summary of {@code keys}. */
  public static ShareSummary of(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    int expected = Math.max(FEWEST_KEYS, keys.size());
    long maxBits = (MAX_BYTES - HEADER_BYTES) * 8L;
    // bits = -n ln p / (ln 2)^2: raise p when the aimed-at rate would not fit.
    double fitting = Math.exp(-maxBits * Math.log(2) * Math.log(2) / expected);
    BloomFilter<CharSequence> filter =
        BloomFilter.create(
            Funnels.stringFunnel(StandardCharsets.UTF_8),
            expected,
            Math.min(0.5, Math.max(FALSE_POSITIVE_RATE, fitting * 1.01)));
    keys.forEach(filter::put);
    return new ShareSummary(filter);
  }

  /**
   * Reads a summary a node sent; empty when it is not one (malformed, or larger than {@link
   * #MAX_BYTES}).
   */
  public static Optional<ShareSummary> parse(ByteString bytes) {
    if (bytes.size() < HEADER_BYTES + Long.BYTES || bytes.size() > MAX_BYTES) {
      return Optional.empty();
    }
    int longs = ByteBuffer.wrap(bytes.substring(2, HEADER_BYTES).toByteArray()).getInt();
    if (longs < 1 || HEADER_BYTES + (long) longs * Long.BYTES != bytes.size()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ShareSummary(
              BloomFilter.readFrom(
                  bytes.newInput(), Funnels.stringFunnel(StandardCharsets.UTF_8))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the share may hold every one of {@code keys}; false means it surely does not. */
  public boolean mayHoldAll(Collection<String> keys) {
    for (String key : keys) {
      if (!filter.mightContain(key)) {
        return false;
      }
    }
    return true;
  }

  /** The encoded summary, as a node sends it. */
  public ByteString toByteString() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      filter.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return ByteString.copyFrom(out.toByteArray());
  }
}
