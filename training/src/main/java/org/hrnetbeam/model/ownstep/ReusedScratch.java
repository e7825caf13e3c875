package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hrnetbeam.model.dnnl.Scratch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Scratch} whose arrays live as long as it does: the i-th request after {@link #reset()}
 * gets the same array as the i-th request after the previous reset, when the shape matches.
 * {@code DirectConv} asks for its weights in oneDNN's layout on every call; with this they are
 * allocated on the first step only (fresh native allocations fault in new pages every step).
 */
final class ReusedScratch implements Scratch {
  private final List<INDArray> arrays = new ArrayList<>();
  /**
   * Null for one convolution's scratch; else arrays keyed by request number and shape, so that one
   * scratch serves many convolutions of different shapes (each array lives only within one call,
   * and calls come one at a time) and holds one array per distinct request instead of one per call site.
   */
  private final Map<String, INDArray> byShape;
  private int next;

  /** A scratch for one convolution. */
  ReusedScratch() {
    this(false);
  }

  /** @param keyedByShape true for a scratch shared by many convolutions (see {@link #byShape}) */
  ReusedScratch(boolean keyedByShape) {
    byShape = keyedByShape ? new HashMap<>() : null;
  }

  /** Call before each {@code DirectConv} call: its requests are numbered from 0 again. */
  ReusedScratch reset() {
    next = 0;
    return this;
  }

  /** Bytes of every array kept, as of the last call (they live outside the Java heap). */
  long bytes() {
    long total = 0;
    for (INDArray a : byShape == null ? arrays : byShape.values()) {
      total += a.length() * Float.BYTES;
    }
    return total;
  }

  @Override
  public INDArray floats(long... shape) {
    if (byShape != null) {
      return byShape.computeIfAbsent(next++ + ":" + Arrays.toString(shape),
          key -> Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'));
    }
    if (next < arrays.size() && Arrays.equals(arrays.get(next).shape(), shape)) {
      return arrays.get(next++);
    }
    INDArray fresh = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    if (next < arrays.size()) {
      arrays.set(next, fresh);
    } else {
      arrays.add(fresh);
    }
    next++;
    return fresh;
  }
}
