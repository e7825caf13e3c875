package org.hrnetbeam.inference;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stack of float planes, channel-major ({@code [C][H][W]} flattened): a normalised image (C = 3)
 * or class scores (C = classes). Plain Java arrays, because the evaluation geometry (crops,
 * flips, window sums, 2-tap resizes) is cheaper as direct loops than as ND4J operations on maps of
 * 40 M values, and it keeps the forward pass the only place that needs ND4J.
 */
public final class Planes {
  private final int channels;
  private final int height;
  private final int width;
  private final float[] data;

  private Planes(int channels, int height, int width, float[] data) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("planes need positive sizes, got " + channels + "x" + height + "x" + width);
    }
    if ((long) channels * height * width != data.length) {
      throw new IllegalArgumentException(data.length + " values do not make " + channels + "x" + height + "x" + width
          + " planes");
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  public static Planes zeros(int channels, int height, int width) {
    return new Planes(channels, height, width, new float[Math.multiplyExact(Math.multiplyExact(channels, height), width)]);
  }

  /** Planes over {@code data} (not copied), laid out {@code [C][H][W]}. */
  public static Planes wrap(int channels, int height, int width, float[] data) {
    return new Planes(channels, height, width, data);
  }

  /** The single sample of an NCHW array {@code [1, C, H, W]}, copied. */
  public static Planes fromBatch(INDArray batch) {
    if (batch.rank() != 4 || batch.size(0) != 1) {
      throw new IllegalArgumentException("expected one sample as [1, C, H, W], got " + Arrays.toString(batch.shape()));
    }
    float[] values = new float[Math.toIntExact(batch.length())];
    if (batch.dataType() == DataType.FLOAT && batch.ordering() == 'c' && !batch.isView()
        && batch.data().length() == batch.length()) {
      // A network output as it comes: one bulk copy out of the off-heap buffer.
      batch.data().asNioFloat().get(values);
    } else {
      values = batch.castTo(DataType.FLOAT).dup('c').reshape(batch.length()).toFloatVector();
    }
    return new Planes((int) batch.size(1), (int) batch.size(2), (int) batch.size(3), values);
  }

  /** A float32 NCHW batch {@code [1, C, H, W]} holding a copy of these planes. */
  public INDArray toBatch() {
    INDArray batch = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, channels, height, width}, 'c');
    // One bulk copy into the off-heap buffer; Nd4j.create(float[], ...) copies value by value.
    batch.data().asNioFloat().put(data);
    return batch;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The backing array, {@code [C][H][W]} flattened; writes show through. */
  public float[] data() {
    return data;
  }

  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** A copy of rows {@code [top, top + h)} and columns {@code [left, left + w)} of every channel. */
  public Planes crop(int top, int left, int h, int w) {
    if (top < 0 || left < 0 || h < 1 || w < 1 || top + h > height || left + w > width) {
      throw new IllegalArgumentException("crop " + h + "x" + w + " at (" + top + ", " + left + ") does not fit "
          + height + "x" + width);
    }
    float[] out = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(data, (c * height + top + y) * width + left, out, (c * h + y) * w, w);
      }
    }
    return new Planes(channels, h, w, out);
  }

  /** A copy mirrored left to right (the reference's {@code [:, :, :, ::-1]}). */
  public Planes flipHorizontal() {
    float[] out = new float[data.length];
    for (int row = 0; row < channels * height; row++) {
      int base = row * width;
      for (int x = 0; x < width; x++) {
        out[base + x] = data[base + width - 1 - x];
      }
    }
    return new Planes(channels, height, width, out);
  }

  /**
   * Per pixel, the channel with the largest value; ties go to the lowest channel, as
   * {@code torch.argmax} and {@code numpy.argmax} do.
   *
   * @return {@code [H][W]} flattened class indices
   */
  public int[] argmax() {
    int pixels = height * width;
    int[] best = new int[pixels];
    // Row by row, so each pass over the channels stays in cache; rows in parallel.
    IntStream.range(0, height).parallel().forEach(y -> {
      int from = y * width;
      float[] bestValue = Arrays.copyOfRange(data, from, from + width);
      for (int c = 1; c < channels; c++) {
        int base = c * pixels + from;
        for (int x = 0; x < width; x++) {
          float v = data[base + x];
          if (v > bestValue[x]) {
            bestValue[x] = v;
            best[from + x] = c;
          }
        }
      }
    });
    return best;
  }

  String shape() {
    return channels + "x" + height + "x" + width;
  }
}
