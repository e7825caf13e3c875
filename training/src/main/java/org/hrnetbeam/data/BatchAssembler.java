package org.hrnetbeam.data;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Stacks samples of equal size into a {@link Batch}; samples of different sizes are an error naming both. */
final class BatchAssembler {
  private BatchAssembler() {}

  static Batch assemble(List<NormalizedSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one sample");
    }
    NormalizedSample first = samples.get(0);
    int n = samples.size();
    int imageSize = first.chw().length;
    int labelSize = first.labels().length;
    float[] images = new float[n * imageSize];
    int[] labels = new int[n * labelSize];
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NormalizedSample s = samples.get(i);
      if (s.width() != first.width() || s.height() != first.height()
          || s.labelWidth() != first.labelWidth() || s.labelHeight() != first.labelHeight()) {
        throw new IllegalArgumentException("cannot batch " + describe(s) + " with " + describe(first)
            + ": training records must all have the crop size (TRAIN.IMAGE_SIZE); use batch size 1 for full-size images");
      }
      System.arraycopy(s.chw(), 0, images, i * imageSize, imageSize);
      System.arraycopy(s.labels(), 0, labels, i * labelSize, labelSize);
      ids.add(s.sampleId() + "#" + s.copy());
    }
    return new Batch(
        Nd4j.create(images, new long[] {n, 3, first.height(), first.width()}, DataType.FLOAT),
        Nd4j.create(labels, new long[] {n, first.labelHeight(), first.labelWidth()}, DataType.INT),
        ids, 0);
  }

  private static String describe(NormalizedSample s) {
    return s.sampleId() + "#" + s.copy() + " (" + s.width() + "x" + s.height() + ", label "
        + s.labelWidth() + "x" + s.labelHeight() + ")";
  }
}
