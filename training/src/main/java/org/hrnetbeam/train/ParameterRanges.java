package org.hrnetbeam.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the trainable tensors lie in a flat parameter vector, each with its group's rate
 * multiplier: sorted, disjoint element ranges {@code [start, end)}, neighbours with the same
 * multiplier joined. Elements in no range (BN running statistics) are not the optimiser's to move.
 *
 * <p>Read once from the graph's parameter views: a view's offset minus the flat vector's offset is
 * where the tensor starts, so nothing is copied and no per-element vector is kept (W48: the two
 * per-element vectors this replaces took 263 MB each).
 */
final class ParameterRanges {
  private final long length;
  private final long[] starts;
  private final long[] ends;
  private final double[] scales;

  private ParameterRanges(long length, long[] starts, long[] ends, double[] scales) {
    this.length = length;
    this.starts = starts;
    this.ends = ends;
    this.scales = scales;
  }

  /** The trainable tensors of {@code graph} (all but BN running statistics), at their group's multiplier. */
  static ParameterRanges of(ComputationGraph graph, ParameterGroups groups) {
    INDArray params = graph.params();
    List<long[]> bounds = new ArrayList<>();
    List<Double> multipliers = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : ParameterNames.named(graph).entrySet()) {
      String name = e.getKey();
      if (ParameterNames.BUFFER_SUFFIXES.contains(name.substring(name.lastIndexOf('.') + 1))) {
        continue;
      }
      INDArray view = e.getValue();
      if (view.data().address() != params.data().address()) {
        throw new IllegalStateException(name + " is not a view of the graph's flat parameter vector");
      }
      if (!FusedSgdPass.isDense(view)) {
        throw new IllegalStateException(name + " is not a dense view of the flat parameter vector: "
            + view.shapeInfoToString());
      }
      long start = view.offset() - params.offset();
      bounds.add(new long[]{start, start + view.length()});
      multipliers.add(groups.multiplier(name));
    }
    return build(params.length(), bounds, multipliers);
  }

  /**
   * Ranges read off per-element vectors: {@code trainable} 0 or 1, {@code rateScale} the multiplier
   * (for tests, and for callers with a layout of their own).
   */
  static ParameterRanges fromPerElement(INDArray rateScale, INDArray trainable) {
    if (rateScale.length() != trainable.length()) {
      throw new IllegalArgumentException(rateScale.length() + " rate multipliers for " + trainable.length() + " elements");
    }
    double[] scale = rateScale.reshape(rateScale.length()).toDoubleVector();
    double[] mask = trainable.reshape(trainable.length()).toDoubleVector();
    List<long[]> bounds = new ArrayList<>();
    List<Double> multipliers = new ArrayList<>();
    for (int i = 0; i < scale.length; i++) {
      if (mask[i] != 0 && mask[i] != 1) {
        throw new IllegalArgumentException("trainable mask element " + i + " is " + mask[i] + ", not 0 or 1");
      }
      if (mask[i] == 1) {
        bounds.add(new long[]{i, i + 1});
        multipliers.add(scale[i]);
      }
    }
    return build(scale.length, bounds, multipliers);
  }

  /** Sorts, checks that no two ranges overlap or leave the vector, and joins equal neighbours. */
  private static ParameterRanges build(long length, List<long[]> bounds, List<Double> multipliers) {
    Integer[] order = new Integer[bounds.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(bounds.get(a)[0], bounds.get(b)[0]));
    long[] starts = new long[order.length];
    long[] ends = new long[order.length];
    double[] scales = new double[order.length];
    int n = 0;
    long previousEnd = 0;
    for (int i : order) {
      long start = bounds.get(i)[0];
      long end = bounds.get(i)[1];
      if (start < previousEnd || end > length) {
        throw new IllegalStateException("parameter range [" + start + ", " + end + ") overlaps another or leaves the "
            + length + "-element vector");
      }
      double scale = multipliers.get(i);
      if (n > 0 && ends[n - 1] == start && scales[n - 1] == scale) {
        ends[n - 1] = end;
      } else {
        starts[n] = start;
        ends[n] = end;
        scales[n] = scale;
        n++;
      }
      previousEnd = end;
    }
    return new ParameterRanges(length, Arrays.copyOf(starts, n), Arrays.copyOf(ends, n), Arrays.copyOf(scales, n));
  }

  /** Elements of the whole flat vector, trainable or not. */
  long length() {
    return length;
  }

  int count() {
    return starts.length;
  }

  long start(int range) {
    return starts[range];
  }

  long end(int range) {
    return ends[range];
  }

  double scale(int range) {
    return scales[range];
  }
}
