package org.hrnetbeam.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link PyTorchSgd}'s update as one pass over the flat parameter, gradient and momentum vectors:
 * each trainable element is read once and written once, where the ND4J form made about eight passes
 * over model-sized vectors and kept two more of them as scratch.
 *
 * <p>Per element, in the ND4J form's float order, so the results are the same bits:
 * {@code d = g + p·wd} (no decay term when wd is 0); {@code buf = buf·μ + d};
 * {@code move = nesterov ? buf·μ + d : buf}; {@code p = p − (move·k)·lr}, with the scalars rounded to
 * the vectors' type first. Java never contracts these into fused multiply-adds, so the rounding is
 * the same as ND4J's one-op-at-a-time kernels.
 *
 * <p>The vector is cut into fixed chunks of {@link #CHUNK} elements, run on the common fork-join pool
 * (both cores here); every element's arithmetic is independent of the others, so the split never
 * changes a result. Elements outside the trainable ranges are not touched (the ND4J form multiplied
 * their zero momentum by μ and added zero).
 */
final class FusedSgdPass {
  /** Elements per parallel task: 128 KiB of each float32 vector, large enough that task overhead is noise. */
  static final int CHUNK = 1 << 15;

  private final int length;
  /** Pieces of the trainable ranges cut at chunk borders; chunk c owns pieces [chunkFirst[c], chunkFirst[c + 1]). */
  private final int[] pieceStart;
  private final int[] pieceEnd;
  private final double[] pieceScale;
  private final int[] chunkFirst;

  FusedSgdPass(ParameterRanges ranges) {
    if (ranges.length() > Integer.MAX_VALUE / Double.BYTES) {
      throw new IllegalArgumentException(ranges.length() + " parameters are more than one NIO buffer view can address");
    }
    length = (int) ranges.length();
    int chunks = (length + CHUNK - 1) / CHUNK;
    List<int[]> pieces = new ArrayList<>();
    List<Double> scales = new ArrayList<>();
    chunkFirst = new int[chunks + 1];
    int chunk = 0;
    for (int r = 0; r < ranges.count(); r++) {
      for (int s = (int) ranges.start(r); s < ranges.end(r); ) {
        int c = s / CHUNK;
        while (chunk < c) {
          chunkFirst[++chunk] = pieces.size();
        }
        int e = (int) Math.min(ranges.end(r), (long) (c + 1) * CHUNK);
        pieces.add(new int[]{s, e});
        scales.add(ranges.scale(r));
        s = e;
      }
    }
    while (chunk < chunks) {
      chunkFirst[++chunk] = pieces.size();
    }
    pieceStart = pieces.stream().mapToInt(p -> p[0]).toArray();
    pieceEnd = pieces.stream().mapToInt(p -> p[1]).toArray();
    pieceScale = scales.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Whether {@code a}'s elements lie one after another in memory in its logical (c) order. */
  static boolean isDense(INDArray a) {
    return a.elementWiseStride() == 1 && (a.ordering() == 'c' || a.isVectorOrScalar());
  }

  /** Updates {@code params} and {@code buffer} in place from {@code gradients} at base rate {@code lr}. */
  void run(INDArray params, INDArray gradients, INDArray buffer, SgdSettings settings, double lr) {
    DataType type = buffer.dataType();
    check("parameters", params, type);
    check("gradients", gradients, type);
    check("momentum buffer", buffer, type);
    IntStream chunks = IntStream.range(0, chunkFirst.length - 1).parallel();
    if (type == DataType.FLOAT) {
      FloatVectors v = new FloatVectors(params.data().asNioFloat(), (int) params.offset(),
          gradients.data().asNioFloat(), (int) gradients.offset(), buffer.data().asNioFloat(), (int) buffer.offset(),
          (float) settings.weightDecay(), (float) settings.momentum(), settings.nesterov(), (float) lr);
      chunks.forEach(c -> floatChunk(c, v));
    } else {
      DoubleVectors v = new DoubleVectors(params.data().asNioDouble(), (int) params.offset(),
          gradients.data().asNioDouble(), (int) gradients.offset(), buffer.data().asNioDouble(), (int) buffer.offset(),
          settings.weightDecay(), settings.momentum(), settings.nesterov(), lr);
      chunks.forEach(c -> doubleChunk(c, v));
    }
  }

  private void check(String what, INDArray a, DataType type) {
    if (a.length() != length) {
      throw new IllegalArgumentException(what + " have " + a.length() + " values, the optimiser was built for " + length);
    }
    if (a.dataType() != type || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
      throw new IllegalArgumentException(what + " are " + a.dataType() + ", expected " + type
          + " (float32 or float64, the momentum buffer's type)");
    }
    if (!isDense(a)) {
      throw new IllegalArgumentException(what + " are not a dense c-order vector: " + a.shapeInfoToString());
    }
  }

  private record FloatVectors(FloatBuffer p, int pBase, FloatBuffer g, int gBase, FloatBuffer buf, int bufBase,
      float decay, float momentum, boolean nesterov, float lr) {
  }

  private record DoubleVectors(DoubleBuffer p, int pBase, DoubleBuffer g, int gBase, DoubleBuffer buf, int bufBase,
      double decay, double momentum, boolean nesterov, double lr) {
  }

  private void floatChunk(int chunk, FloatVectors v) {
    FloatBuffer p = v.p();
    FloatBuffer g = v.g();
    FloatBuffer buf = v.buf();
    boolean decays = v.decay() != 0;
    for (int piece = chunkFirst[chunk]; piece < chunkFirst[chunk + 1]; piece++) {
      float k = (float) pieceScale[piece];
      for (int i = pieceStart[piece]; i < pieceEnd[piece]; i++) {
        int pi = v.pBase() + i;
        float param = p.get(pi);
        float d = decays ? g.get(v.gBase() + i) + param * v.decay() : g.get(v.gBase() + i);
        float b = buf.get(v.bufBase() + i) * v.momentum() + d;
        buf.put(v.bufBase() + i, b);
        float move = v.nesterov() ? b * v.momentum() + d : b;
        p.put(pi, param - move * k * v.lr());
      }
    }
  }

  private void doubleChunk(int chunk, DoubleVectors v) {
    DoubleBuffer p = v.p();
    DoubleBuffer g = v.g();
    DoubleBuffer buf = v.buf();
    boolean decays = v.decay() != 0;
    for (int piece = chunkFirst[chunk]; piece < chunkFirst[chunk + 1]; piece++) {
      double k = pieceScale[piece];
      for (int i = pieceStart[piece]; i < pieceEnd[piece]; i++) {
        int pi = v.pBase() + i;
        double param = p.get(pi);
        double d = decays ? g.get(v.gBase() + i) + param * v.decay() : g.get(v.gBase() + i);
        double b = buf.get(v.bufBase() + i) * v.momentum() + d;
        buf.put(v.bufBase() + i, b);
        double move = v.nesterov() ? b * v.momentum() + d : b;
        p.put(pi, param - move * k * v.lr());
      }
    }
  }
}
