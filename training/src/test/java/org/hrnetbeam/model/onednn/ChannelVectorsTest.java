package org.hrnetbeam.model.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Channel vectors read and written in place, whatever view of a parameter array they are. */
class ChannelVectorsTest {

  @Test
  void readsAndWritesViewsOfALargerArrayWithoutTouchingTheRest() {
    // As DL4J's γ and β: [1, C] views at an offset into one flat parameter array.
    INDArray flat = Nd4j.linspace(DataType.FLOAT, 1, 10, 1).reshape(1, 10);
    INDArray gamma = flat.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(3, 7));
    assertArrayEquals(new float[]{4, 5, 6, 7}, ChannelVectors.read(gamma, 4));
    ChannelVectors.write(new float[]{-1, -2, -3, -4}, gamma);
    assertArrayEquals(new float[]{1, 2, 3, -1, -2, -3, -4, 8, 9, 10}, flat.toFloatVector());
  }

  @Test
  void stridedColumnsRankOneAndOtherTypes() {
    INDArray matrix = Nd4j.linspace(DataType.FLOAT, 1, 12, 1).reshape(4, 3);
    INDArray column = matrix.getColumn(1, true);
    assertArrayEquals(new float[]{2, 5, 8, 11}, ChannelVectors.read(column, 4));
    ChannelVectors.write(new float[]{0, 0, 0, 0}, column);
    assertEquals(0, matrix.getColumn(1).sumNumber().doubleValue());
    assertEquals(1 + 3 + 4 + 6 + 7 + 9 + 10 + 12, matrix.sumNumber().doubleValue());

    INDArray rankOne = Nd4j.create(DataType.FLOAT, 3);
    ChannelVectors.write(new float[]{1.5f, 2.5f, 3.5f}, rankOne);
    assertArrayEquals(new float[]{1.5f, 2.5f, 3.5f}, ChannelVectors.read(rankOne, 3));

    INDArray doubles = Nd4j.create(DataType.DOUBLE, 1, 2);
    ChannelVectors.write(new float[]{0.25f, 4f}, doubles);
    assertArrayEquals(new double[]{0.25, 4}, doubles.toDoubleVector());
    assertArrayEquals(new float[]{0.25f, 4f}, ChannelVectors.read(doubles, 2));
  }

  @Test
  void aWrongLengthIsRefused() {
    INDArray v = Nd4j.create(DataType.FLOAT, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelVectors.read(v, 4));
    assertEquals(true, e.getMessage().startsWith("expected 4 channel values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChannelVectors.write(new float[3], v));
  }
}
