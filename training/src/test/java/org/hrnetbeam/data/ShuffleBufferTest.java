package org.hrnetbeam.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleBufferTest {
  private static List<Integer> shuffle(int n, int capacity, long seed) {
    ShuffleBuffer<Integer> b = new ShuffleBuffer<>(capacity, new SplittableRandom(seed));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Integer leaving = b.offer(i);
      if (leaving != null) {
        out.add(leaving);
      }
      assertTrue(b.size() <= capacity);
    }
    for (Integer x = b.drain(); x != null; x = b.drain()) {
      out.add(x);
    }
    return out;
  }

  @Test
  void emitsEveryItemOnceInASeededOrder() {
    List<Integer> a = shuffle(200, 16, 7);
    assertEquals(IntStream.range(0, 200).boxed().toList(), a.stream().sorted().toList());
    assertEquals(a, shuffle(200, 16, 7));
    assertNotEquals(a, shuffle(200, 16, 8));
    assertNotEquals(IntStream.range(0, 200).boxed().toList(), a);
  }

  @Test
  void noItemLeavesBeforeItArrivesOrJumpsFurtherAheadThanTheBuffer() {
    List<Integer> out = shuffle(500, 10, 3);
    for (int position = 0; position < out.size(); position++) {
      int item = out.get(position);
      // Item i arrives as the (i+1)th input; by then at most i+1-10 items have left.
      assertTrue(position >= item - 10 + 1 || item < 10, "item " + item + " left at " + position);
    }
  }

  @Test
  void capacityOneKeepsTheInputOrder() {
    assertEquals(IntStream.range(0, 20).boxed().toList(), shuffle(20, 1, 99));
  }
}
