package org.hrnetbeam.model.ownstep;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-step gradient arrays shared by the units of one network: one array per activation shape.
 * A unit's batch-norm gradients (the ReLU-masked g and the conv output's gradient dz) are alive
 * only inside that unit's {@code backward}, and units run their backward one at a time, so every
 * unit of a shape can use the same array instead of two of its own (in a W48 backbone at 512×1024
 * those were a third of all memory). A unit whose g is read after its backward (the last unit of a
 * residual block: g is the identity path's gradient) gets g from a second array per shape, shared
 * only by such units.
 *
 * <p>The same holds for the arrays a residual block or fuse layer uses only inside one of its own
 * forward or backward calls (inner gradients, partial sums, upsampled terms): they are shared under
 * a role name. Arrays handed out here must never be anything read after the call that wrote them
 * returns: an activation, or a gradient passed to another component.
 */
final class SharedGradients {
  private final Map<String, NhwcArray> arrays = new HashMap<>();
  /** The convolutions' scratch (oneDNN-layout weight copies), shared the same way: see {@link ReusedScratch}. */
  private final ReusedScratch convolutionScratch = new ReusedScratch(true);

  /** The scratch every unit of the network hands its convolution calls. */
  ReusedScratch convolutionScratch() {
    return convolutionScratch;
  }

  /** The units' shared array of this shape, made on first request. */
  NhwcArray shaped(int batch, int channels, int height, int width) {
    return shaped("unit", batch, channels, height, width);
  }

  /**
   * The shared array of this role and shape, made on first request. Arrays that can be alive at the
   * same time need different roles (e.g. a block's successive inner gradients, or the terms of one
   * fuse sum); the role names who uses them.
   */
  NhwcArray shaped(String role, int batch, int channels, int height, int width) {
    return arrays.computeIfAbsent(role + ":" + batch + "x" + channels + "x" + height + "x" + width,
        key -> new NhwcArray(batch, channels, height, width));
  }

  /** Bytes of every shared array and of the convolutions' scratch (outside the Java heap). */
  long bytes() {
    long total = convolutionScratch.bytes();
    for (NhwcArray a : arrays.values()) {
      total += a.bytes();
    }
    return total;
  }
}
