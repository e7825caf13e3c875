package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.hrnetbeam.model.BilinearWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwoTapBilinearTest {

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, align_corners={4}")
  @CsvSource({
    "4,8,16,32,false", "4,8,16,32,true", "7,5,3,11,false", "7,5,3,11,true",
    "9,13,9,4,false", "1,6,5,1,true", "5,5,5,5,false"})
  void matchesTheModelsDenseInterpolationMatrices(int h, int w, int oh, int ow, boolean align) {
    Random random = new Random(h * 31 + w);
    int channels = 3;
    float[] values = new float[channels * h * w];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    Planes in = Planes.wrap(channels, h, w, values);
    Planes out = TwoTapBilinear.resize(in, oh, ow, align);
    double[][] rows = BilinearWeights.matrix(h, oh, align);
    double[][] cols = BilinearWeights.matrix(w, ow, align);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          double expected = 0;
          for (int sy = 0; sy < h; sy++) {
            for (int sx = 0; sx < w; sx++) {
              expected += rows[y][sy] * cols[x][sx] * in.get(c, sy, sx);
            }
          }
          assertEquals(expected, out.get(c, y, x), 1e-5, "c=" + c + " y=" + y + " x=" + x);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void sameSizeIsTheIdentity(boolean align) {
    Planes in = Planes.wrap(1, 2, 2, new float[] {1, 2, 3, 4});
    assertSame(in, TwoTapBilinear.resize(in, 2, 2, align));
  }
}
