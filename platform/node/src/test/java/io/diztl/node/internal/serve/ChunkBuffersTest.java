package io.diztl.node.internal.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ChunkBuffersTest {

  @Test
  void givesAnArrayGivenBackToTheNextTaker() {
    ChunkBuffers buffers = new ChunkBuffers(1024, 2);
    byte[] first = buffers.take(100);
    assertEquals(1024, first.length, "arrays are of the pool's size, whatever the length asked");
    buffers.give(first);
    assertSame(first, buffers.take(1024));
    assertNotSame(first, buffers.take(10), "an array is given to one taker only");
  }

  @Test
  void keepsOnlyAsManyArraysAsItMay() {
    ChunkBuffers buffers = new ChunkBuffers(16, 1);
    byte[] first = buffers.take(16);
    byte[] second = buffers.take(16);
    buffers.give(first);
    buffers.give(second);
    assertSame(first, buffers.take(16));
    assertNotSame(second, buffers.take(16), "the second array was not kept");
  }

  @Test
  void neitherKeepsNorGivesArraysOfAnotherSize() {
    ChunkBuffers buffers = new ChunkBuffers(16, 2);
    byte[] large = buffers.take(64);
    assertEquals(64, large.length);
    buffers.give(large);
    buffers.give(new byte[8]);
    assertEquals(16, buffers.take(16).length);
    assertEquals(16, buffers.take(16).length);
  }
}
