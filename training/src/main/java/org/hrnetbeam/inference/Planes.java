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

  /** Adds {@code other}, same shape, into these planes. */
  public void add(Planes other) {
    requireSameShape(other);
    IntStream.range(0, channels).parallel().forEach(c -> {
      int end = (c + 1) * height * width;
      for (int i = c * height * width; i < end; i++) {
        data[i] += other.data[i];
      }
    });
  }

  /** Adds {@code window} into the region whose top-left corner is {@code (top, left)}. */
  public void addAt(Planes window, int top, int left) {
    addAt(window, top, left, false);
  }

  /**
   * Adds e^v of every value v of {@code window} into the region at {@code (top, left)}: the reference's
   * window sum of exp'd scores in one pass ({@link FastExp}).
   */
  public void addExpAt(Planes window, int top, int left) {
    addAt(window, top, left, true);
  }

  private void addAt(Planes window, int top, int left, boolean exp) {
    if (window.channels != channels || top < 0 || left < 0 || top + window.height > height
        || left + window.width > width) {
      throw new IllegalArgumentException(window.shape() + " at (" + top + ", " + left + ") does not fit " + shape());
    }
    IntStream.range(0, channels).parallel().forEach(c -> {
      for (int y = 0; y < window.height; y++) {
        int src = (c * window.height + y) * window.width;
        int dst = (c * height + top + y) * width + left;
        if (exp) {
          for (int x = 0; x < window.width; x++) {
            data[dst + x] += FastExp.exp(window.data[src + x]);
          }
        } else {
          for (int x = 0; x < window.width; x++) {
            data[dst + x] += window.data[src + x];
          }
        }
      }
    });
  }

  /**
   * Replaces each value by the mean of it and the value at the mirrored column of {@code mirrored}:
   * averaging with a flipped run's output flipped back, without materialising the flip. Computed as
   * (a + b)·0.5 in float, like the reference.
   */
  public void averageWithMirrored(Planes mirrored) {
    requireSameShape(mirrored);
    IntStream.range(0, channels * height).parallel().forEach(row -> {
      int base = row * width;
      for (int x = 0; x < width; x++) {
        data[base + x] = (data[base + x] + mirrored.data[base + width - 1 - x]) * 0.5f;
      }
    });
  }

  /** Divides every channel's pixel i by {@code count[i]}: the average over overlapping windows. */
  public void divideBy(int[] count) {
    int pixels = height * width;
    if (count.length != pixels) {
      throw new IllegalArgumentException(count.length + " counts for " + height + "x" + width + " pixels");
    }
    float[] divisor = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      divisor[i] = count[i];
    }
    IntStream.range(0, channels).parallel().forEach(c -> {
      int base = c * pixels;
      for (int i = 0; i < pixels; i++) {
        data[base + i] /= divisor[i];
      }
    });
  }

  /** Replaces every value v by e^v ({@link FastExp}: within a few float ulps of {@code Math.exp}). */
  public void expInPlace() {
    FastExp.expInPlace(data);
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

  private void requireSameShape(Planes other) {
    if (other.channels != channels || other.height != height || other.width != width) {
      throw new IllegalArgumentException("planes " + other.shape() + " do not match " + shape());
    }
  }
}
