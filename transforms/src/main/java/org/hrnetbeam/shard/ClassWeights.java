package org.hrnetbeam.shard;

import java.util.Arrays;

/**
 * Class weights from a pixel histogram by median-frequency balancing (Eigen &amp; Fergus 2015,
 * the weighting SegNet used for CamVid): freq_c = pixels of c / total pixels of the images in
 * which c occurs; w_c = median(freq over present classes) / freq_c. A class that never occurs
 * gets weight 0 (it contributes no pixels to the loss anyway).
 */
public final class ClassWeights {
  public static final String FORMULA =
      "median frequency balancing: w_c = median_k(freq_k) / freq_c, freq_c = pixels(c) / pixels(images containing c); absent classes 0";

  private ClassWeights() {}

  public static double[] medianFrequency(long[] classPixels, long[] presentImagePixels) {
    int n = classPixels.length;
    double[] freq = new double[n];
    double[] present = new double[n];
    int count = 0;
    for (int c = 0; c < n; c++) {
      if (classPixels[c] > 0 && presentImagePixels[c] > 0) {
        freq[c] = (double) classPixels[c] / presentImagePixels[c];
        present[count++] = freq[c];
      }
    }
    double[] weights = new double[n];
    if (count == 0) {
      return weights;
    }
    double[] sorted = Arrays.copyOf(present, count);
    Arrays.sort(sorted);
    double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    for (int c = 0; c < n; c++) {
      weights[c] = freq[c] > 0 ? median / freq[c] : 0;
    }
    return weights;
  }
}
