package org.hrnetbeam.model.ownstep;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-step gradient arrays shared by the units of one network: one array per activation shape.
 * A unit's batch-norm gradients (the ReLU-masked g and the conv output's gradient dz) are alive
 * only inside that unit's {@code backward}, and units run their backward one at a time, so every
 * unit of a shape can use the same array instead of two of its own (in a W48 backbone at 512×1024
 * those were a third of all memory). A unit whose g is read after its backward (the last unit of a
 * residual block: g is the identity path's gradient) keeps its own g.
 *
 * <p>Arrays handed out here must never be a unit's input, output, or another unit's gradient.
 */
final class SharedGradients {
  private final Map<String, NhwcArray> arrays = new HashMap<>();

  /** The shared array of this shape, made on first request. */
  NhwcArray shaped(int batch, int channels, int height, int width) {
    return arrays.computeIfAbsent(batch + "x" + channels + "x" + height + "x" + width,
        key -> new NhwcArray(batch, channels, height, width));
  }

  /** Bytes of every shared array (outside the Java heap). */
  long bytes() {
    long total = 0;
    for (NhwcArray a : arrays.values()) {
      total += a.bytes();
    }
    return total;
  }
}
