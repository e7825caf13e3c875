package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One and two SGD steps against numbers worked by hand from PyTorch's formula
 * (d = g + wd·p; buf = μ·buf + d; p −= lr·k·(nesterov ? d + μ·buf : buf)). Element 0 is a backbone
 * parameter (k = 1), element 1 a non-backbone one (k = 10), element 2 a BN running statistic.
 */
class PyTorchSgdTest {
  private static PyTorchSgd optimiser(boolean nesterov) {
    return new PyTorchSgd(new SgdSettings(0.9, 0.01, nesterov), Nd4j.createFromArray(1.0, 10.0, 0.0),
        Nd4j.createFromArray(1.0, 1.0, 0.0));
  }

  private static double[] values(INDArray a) {
    return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
  }

  @Test
  void twoPlainMomentumStepsMatchHandComputedValues() {
    PyTorchSgd sgd = optimiser(false);
    INDArray p = Nd4j.createFromArray(1.0, -2.0, 0.5);
    INDArray g = Nd4j.createFromArray(0.1, 0.2, 0.3);
    sgd.step(p, g, 0.1);
    // d = [0.11, 0.18]; buf = d; p = [1 − 0.1·0.11, −2 − 0.1·10·0.18]
    assertArrayEquals(new double[]{0.989, -2.18, 0.5}, values(p), 1e-12);
    assertArrayEquals(new double[]{0.11, 0.18, 0.0}, values(sgd.momentumBuffer()), 1e-12);
    sgd.step(p, g, 0.05);
    // d = [0.10989, 0.1782]; buf = 0.9·[0.11, 0.18] + d = [0.20889, 0.3402]
    assertArrayEquals(new double[]{0.20889, 0.3402, 0.0}, values(sgd.momentumBuffer()), 1e-12);
    assertArrayEquals(new double[]{0.989 - 0.05 * 0.20889, -2.18 - 0.05 * 10 * 0.3402, 0.5}, values(p), 1e-12);
  }

  @Test
  void nesterovStepLooksAhead() {
    PyTorchSgd sgd = optimiser(true);
    INDArray p = Nd4j.createFromArray(1.0, -2.0, 0.5);
    sgd.step(p, Nd4j.createFromArray(0.1, 0.2, 0.3), 0.1);
    // d = [0.11, 0.18]; buf = d; direction = d + 0.9·buf = 1.9·d
    assertArrayEquals(new double[]{1 - 0.1 * 1.9 * 0.11, -2 - 0.1 * 10 * 1.9 * 0.18, 0.5}, values(p), 1e-12);
  }

  @Test
  void restoringAMomentumBufferOfTheWrongSizeNamesBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> optimiser(false).setMomentumBuffer(Nd4j.zeros(5)));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("5 values") && e.getMessage().contains("3 parameters"),
        e.getMessage());
  }

  @Test
  void nesterovWithoutMomentumIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SgdSettings(0, 1e-4, true));
  }
}
