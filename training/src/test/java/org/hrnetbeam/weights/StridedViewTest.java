package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StridedViewTest {
  /** Storage 0..11 as float32, like torch.arange(12.). */
  private static final byte[] STORAGE = Tensor.ofFloats(new long[] {12}, range(12)).bytes();

  private static float[] view(long offset, long[] size, long[] stride) {
    return StridedView.materialize(DType.FLOAT32, STORAGE, offset, size, stride).floats();
  }

  @Test
  void densifiesTransposesSlicesAndBroadcasts() {
    assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, view(0, new long[] {4, 3}, new long[] {1, 4}));
    assertArrayEquals(new float[] {5, 7, 9, 11}, view(5, new long[] {2, 2}, new long[] {4, 2}));
    assertArrayEquals(new float[] {3, 3, 3}, view(3, new long[] {3}, new long[] {0}), "expand() gives stride 0");
    assertArrayEquals(new float[] {6}, view(6, new long[] {}, new long[] {}), "0-d view at an offset");
    assertArrayEquals(new float[] {2, 3, 4}, view(2, new long[] {3, 1}, new long[] {1, 99}), "size-1 axis stride is free");
    assertArrayEquals(new float[0], view(11, new long[] {0, 5}, new long[] {5, 1}));
  }

  @Test
  void refusesViewsOutsideTheStorage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> view(10, new long[] {3}, new long[] {1}));
    assertTrue(e.getMessage().contains("reach element 12 of a storage with 12 elements"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> view(0, new long[] {2}, new long[] {-1}));
    assertThrows(IllegalArgumentException.class, () -> view(-1, new long[] {1}, new long[] {1}));
    assertThrows(IllegalArgumentException.class, () -> view(0, new long[] {2, 2}, new long[] {1}));
  }

  private static float[] range(int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = i;
    }
    return f;
  }
}
