package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PlanesTest {

  @Test
  void batchRoundTripKeepsLayoutAndDoesNotShareMemory() {
    float[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    Planes p = Planes.wrap(2, 2, 3, values);
    INDArray batch = p.toBatch();
    assertArrayEquals(new long[] {1, 2, 2, 3}, batch.shape());
    assertEquals(10f, batch.getFloat(0, 1, 1, 1));
    values[0] = 99;
    assertEquals(0f, batch.getFloat(0, 0, 0, 0));
    Planes back = Planes.fromBatch(batch.permute(0, 1, 3, 2).permute(0, 1, 3, 2));
    assertEquals(10f, back.get(1, 1, 1));
  }

  @Test
  void cropFlipAndArgmax() {
    Planes p = Planes.wrap(2, 2, 3, new float[] {1, 5, 3, 0, 0, 9, 2, 4, 3, 1, 1, 1});
    assertArrayEquals(new float[] {5, 3, 0, 9, 4, 3, 1, 1}, p.crop(0, 1, 2, 2).data());
    assertArrayEquals(new float[] {3, 5, 1, 9, 0, 0, 3, 4, 2, 1, 1, 1}, p.flipHorizontal().data());
    // ties go to the lower channel: (0,2) has 3 vs 3
    assertArrayEquals(new int[] {1, 0, 0, 1, 1, 0}, p.argmax());
    assertThrows(IllegalArgumentException.class, () -> p.crop(1, 0, 2, 1));
  }
}
