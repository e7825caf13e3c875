package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HRNet's fuse layer for any number of branches, as a train step of our own. Output i is
 * {@code relu(Σ_j f_ij(x_j))}, summed in the order j = 0, 1, …, with
 * <ul>
 *   <li>{@code f_ii} the identity;</li>
 *   <li>{@code j > i}: 1×1 conv (no bias) + BN, then a bilinear upsample to branch i's size;</li>
 *   <li>{@code j < i}: i − j steps of 3×3 stride-2 conv + BN; every step but the last keeps branch
 *       j's width and has a ReLU, the last goes to branch i's width without one.</li>
 * </ul>
 * Forward, backward from given gradients of every output (every parameter gradient; each input's
 * gradient is the sum over all paths that read it), plain SGD. Channels last, allocated once.
 * Units are named {@code f<i>_<j>_<k>} (k: the step of a down chain, 0 for an up path), the names
 * {@link FuseLayerGraph} gives the same layers in DL4J.
 */
public final class FuseLayer {
  private final int branches;
  private final NhwcArray[] inputs;
  private final NhwcArray[] outputs;
  /** Per output: the gradient of its sum before the ReLU (the upstream gradient of all its terms). */
  private final NhwcArray[] sumGradients;
  /** Per input: its whole gradient after {@link #backward}. */
  private final NhwcArray[] inputGradients;
  /** Per input: one path's share of its gradient, before it is added in. */
  private final NhwcArray[] pathGradients;
  /** Per output: the sum of all terms but the last (null for two branches: no partial sum needed). */
  private final NhwcArray[] partialSums;
  private final Path[][] paths;
  private final List<ConvBnReluUnit> units = new ArrayList<>();
  /** Where the arrays alive only within one forward or backward come from; null: this layer's own. */
  private final SharedGradients shared;
  /** Bytes of the arrays this layer allocated itself. */
  private long ownBytes;

  /** One f_ij with j ≠ i: its units in order, and the arrays its forward and backward use. */
  private static final class Path {
    final ConvBnReluUnit[] steps;
    /** The gradient of each step's output; the last is unused (the sum's gradient is the upstream). */
    final NhwcArray[] stepGradients;
    final ChannelsLastResize upsample;
    final NhwcArray upsampled;

    /** @param j the path's input branch (names its upsampled term's shared array: terms of one sum coexist) */
    Path(ConvBnReluUnit[] steps, ChannelsLastResize upsample, int j, FuseLayer layer) {
      this.steps = steps;
      this.upsample = upsample;
      this.upsampled = upsample == null ? null : layer.array("fuse.up" + j, upsample.newOutputShaped());
      stepGradients = new NhwcArray[steps.length];
      for (int k = 0; k < steps.length; k++) {
        // Step k's output gradient is written while step k + 1's is read: one shared array per k.
        stepGradients[k] = k < steps.length - 1 || upsample != null
            ? layer.array("fuse.step" + k, steps[k].y) : null;
      }
    }

    /** The term this path adds to its output's sum. */
    NhwcArray term() {
      return upsample != null ? upsampled : steps[steps.length - 1].y;
    }
  }

  /**
   * @param channels        each branch's width, highest resolution first
   * @param heights         each branch's height (each a 3×3 stride-2 convolution of the one before)
   * @param widths          each branch's width in pixels, likewise
   * @param momentum        PyTorch's BN momentum (HRNet: 0.1)
   * @param primitiveLayout weights kept in oneDNN's layout between steps (see {@link ConvBnReluUnit})
   */
  public FuseLayer(int batch, int[] channels, int[] heights, int[] widths, boolean alignCorners, double momentum,
      boolean primitiveLayout) {
    this(null, newInputs(batch, channels, heights, widths), alignCorners, momentum, primitiveLayout, null);
  }

  /**
   * A fuse layer reading the given arrays (a whole network's branch outputs) as its inputs.
   *
   * @param prefix the layer's state_dict module name ({@code stage2.0.fuse_layers}): units are named
   *               {@code <prefix>.<i>.<j>.0} / {@code .1} (up paths) and {@code <prefix>.<i>.<j>.<k>.0} /
   *               {@code .1} (down chains); null for the local names {@code f<i>_<j>_<k>}
   * @param shared the network's shared per-step gradient arrays; null: each unit its own
   */
  FuseLayer(String prefix, NhwcArray[] inputs, boolean alignCorners, double momentum, boolean primitiveLayout,
      SharedGradients shared) {
    branches = inputs.length;
    this.inputs = inputs.clone();
    this.shared = shared;
    int[] channels = new int[branches];
    int[] heights = new int[branches];
    int[] widths = new int[branches];
    for (int b = 0; b < branches; b++) {
      channels[b] = inputs[b].channels;
      heights[b] = inputs[b].height;
      widths[b] = inputs[b].width;
    }
    outputs = new NhwcArray[branches];
    sumGradients = new NhwcArray[branches];
    inputGradients = new NhwcArray[branches];
    pathGradients = new NhwcArray[branches];
    partialSums = new NhwcArray[branches];
    paths = new Path[branches][branches];
    for (int b = 0; b < branches; b++) {
      outputs[b] = owned(newBranchShaped(b));
      // All outputs' sum gradients are read until the backward's end: one shared array per output.
      sumGradients[b] = array("fuse.sum" + b, inputs[b]);
      // Shared with the branch's blocks: every output gradient is read (reluBackward) before any
      // input gradient is written, and the blocks downstream have finished their backward by then.
      inputGradients[b] = array(ChannelsLastBackbone.passRole(b), inputs[b]);
      pathGradients[b] = array("fuse.path", inputs[b]);
      partialSums[b] = branches > 2 ? array("fuse.partial", inputs[b]) : null;
    }
    for (int i = 0; i < branches; i++) {
      for (int j = 0; j < branches; j++) {
        if (j > i) {
          String f = prefix + "." + i + "." + j;
          ConvBnReluUnit up = prefix == null
              ? new ConvBnReluUnit("f" + i + "_" + j + "_0", inputs[j], channels[i], 1, 1, momentum, primitiveLayout,
                  false)
              : new ConvBnReluUnit(f + ".0", f + ".1", inputs[j], channels[i], 1, 1, momentum, primitiveLayout, false,
                  shared, false);
          units.add(up);
          paths[i][j] = new Path(new ConvBnReluUnit[]{up},
              new ChannelsLastResize(up.y, heights[i], widths[i], alignCorners), j, this);
        } else if (j < i) {
          ConvBnReluUnit[] steps = new ConvBnReluUnit[i - j];
          NhwcArray in = inputs[j];
          for (int k = 0; k < steps.length; k++) {
            boolean last = k == steps.length - 1;
            int out = last ? channels[i] : channels[j];
            String f = prefix + "." + i + "." + j + "." + k;
            steps[k] = prefix == null
                ? new ConvBnReluUnit("f" + i + "_" + j + "_" + k, in, out, 3, 2, momentum, primitiveLayout, !last)
                : new ConvBnReluUnit(f + ".0", f + ".1", in, out, 3, 2, momentum, primitiveLayout, !last, shared,
                    false);
            units.add(steps[k]);
            in = steps[k].y;
          }
          if (in.height != heights[i] || in.width != widths[i]) {
            throw new IllegalArgumentException("fuse layer: " + steps.length + " 3x3 stride-2 convolutions of branch "
                + j + " (" + heights[j] + "x" + widths[j] + ") give " + in.height + "x" + in.width + ", not branch "
                + i + "'s " + heights[i] + "x" + widths[i]);
          }
          paths[i][j] = new Path(steps, null, j, this);
        }
      }
    }
  }

  private static NhwcArray[] newInputs(int batch, int[] channels, int[] heights, int[] widths) {
    int branches = channels.length;
    if (branches < 2 || heights.length != branches || widths.length != branches) {
      throw new IllegalArgumentException("fuse layer needs at least two branches and one height and width per"
          + " branch, got channels " + Arrays.toString(channels) + ", heights " + Arrays.toString(heights)
          + ", widths " + Arrays.toString(widths));
    }
    NhwcArray[] inputs = new NhwcArray[branches];
    for (int b = 0; b < branches; b++) {
      if (batch < 1 || channels[b] < 1 || heights[b] < 1 || widths[b] < 1) {
        throw new IllegalArgumentException("fuse layer needs positive sizes, got batch " + batch + ", branch " + b
            + " " + channels[b] + "x" + heights[b] + "x" + widths[b]);
      }
      inputs[b] = new NhwcArray(batch, channels[b], heights[b], widths[b]);
    }
    return inputs;
  }

  /** Output {@code b}'s array (owned by the layer, overwritten by each {@link #forward}). */
  NhwcArray outputArray(int b) {
    return outputs[b];
  }

  /** Branch {@code b}'s input gradient array, filled by {@link #backward}. */
  NhwcArray inputGradientArray(int b) {
    return inputGradients[b];
  }

  /**
   * Bytes held outside the Java heap: the units' and this layer's own arrays (not the inputs, nor
   * shared arrays: their owners count them). The resizes' backward scratch lives on the Java heap
   * and is counted by {@link #heapBytes()}.
   */
  long nativeBytes() {
    long total = ownBytes;
    for (ConvBnReluUnit u : units) {
      total += u.nativeBytes();
    }
    return total;
  }

  /** {@code a}, counted as this layer's own. */
  private NhwcArray owned(NhwcArray a) {
    ownBytes += a.bytes();
    return a;
  }

  /**
   * An array shaped as {@code shapeOf} that lives only within one forward or backward of this layer:
   * the shared one for {@code role} when the layer has shared arrays, else its own.
   */
  private NhwcArray array(String role, NhwcArray shapeOf) {
    if (shared != null) {
      return shared.shaped(role, shapeOf.batch, shapeOf.channels, shapeOf.height, shapeOf.width);
    }
    return owned(new NhwcArray(shapeOf.batch, shapeOf.channels, shapeOf.height, shapeOf.width));
  }

  /** Bytes of the resizes' backward scratch (Java heap): per up path N × out height × in width × C floats. */
  long heapBytes() {
    long total = 0;
    for (Path[] row : paths) {
      for (Path p : row) {
        if (p != null && p.upsample != null) {
          NhwcArray in = p.steps[0].y;
          total += (long) in.batch * p.upsampled.height * in.width * in.channels * Float.BYTES;
        }
      }
    }
    return total;
  }

  private NhwcArray newBranchShaped(int b) {
    NhwcArray x = inputs[b];
    return new NhwcArray(x.batch, x.channels, x.height, x.width);
  }

  /** Every conv + BN unit, output by output, path by path, step by step. */
  List<ConvBnReluUnit> units() {
    return List.copyOf(units);
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code seed}; γ = 1, β = 0. */
  public void initialise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    for (ConvBnReluUnit u : units) {
      u.initialise(random);
    }
  }

  /** Copies a dense NCHW batch of branch {@code b} into its channels-last input. */
  public void setInput(int b, INDArray nchw) {
    requireShape("branch " + b + " input", inputs[b], nchw);
    inputs[b].assignFromNchw(nchw);
  }

  /** A channels-last copy of {@code nchw}, a gradient of output {@code b}, for {@link #backward}. */
  public NhwcArray outputGradient(int b, INDArray nchw) {
    NhwcArray g = newBranchShaped(b);
    requireShape("output " + b + " gradient", g, nchw);
    g.assignFromNchw(nchw);
    return g;
  }

  /** Runs the forward pass of every output, updating every BN's running statistics. */
  public void forward() {
    for (int i = 0; i < branches; i++) {
      for (int j = 0; j < branches; j++) {
        Path p = paths[i][j];
        if (p == null) {
          continue;
        }
        NhwcArray in = inputs[j];
        for (ConvBnReluUnit step : p.steps) {
          step.forward(in, null);
          in = step.y;
        }
        if (p.upsample != null) {
          p.upsample.forward(in, p.upsampled);
        }
      }
      sumAndRelu(i);
    }
  }

  /** outputs[i] = relu(term 0 + term 1 + …), added left to right as the reference does. */
  private void sumAndRelu(int i) {
    if (branches == 2) {
      ChannelsLastPasses.addRelu(term(i, 0), term(i, 1), outputs[i]);
      return;
    }
    NhwcArray sum = partialSums[i];
    ChannelsLastPasses.add(term(i, 0), term(i, 1), sum);
    for (int j = 2; j < branches - 1; j++) {
      ChannelsLastPasses.addInto(sum, term(i, j));
    }
    ChannelsLastPasses.addRelu(sum, term(i, branches - 1), outputs[i]);
  }

  private NhwcArray term(int i, int j) {
    return i == j ? inputs[j] : paths[i][j].term();
  }

  /** Back from the gradients of every output; fills every parameter gradient and every input's gradient. */
  public void backward(NhwcArray... outputGradients) {
    if (outputGradients.length != branches) {
      throw new IllegalArgumentException("fuse layer backward needs " + branches + " output gradients, got "
          + outputGradients.length);
    }
    for (int i = 0; i < branches; i++) {
      ChannelsLastPasses.reluBackward(outputs[i], outputGradients[i], sumGradients[i]);
    }
    boolean[] started = new boolean[branches];
    for (int i = 0; i < branches; i++) {
      for (int j = 0; j < branches; j++) {
        Path p = paths[i][j];
        if (p == null) {
          continue;
        }
        NhwcArray upstream = sumGradients[i];
        if (p.upsample != null) {
          p.upsample.backward(upstream, p.stepGradients[0]);
          upstream = p.stepGradients[0];
        }
        for (int k = p.steps.length - 1; k >= 0; k--) {
          NhwcArray in = k == 0 ? inputs[j] : p.steps[k - 1].y;
          NhwcArray dx = k == 0 ? pathGradients[j] : p.stepGradients[k - 1];
          p.steps[k].backward(in, upstream, dx);
          upstream = dx;
        }
        // The identity term's share (output j's sum gradient) starts each input's gradient.
        if (started[j]) {
          ChannelsLastPasses.addInto(inputGradients[j], pathGradients[j]);
        } else {
          ChannelsLastPasses.add(sumGradients[j], pathGradients[j], inputGradients[j]);
          started[j] = true;
        }
      }
    }
  }

  /** Plain SGD on every path's weights, γ and β. */
  public void sgd(float lr) {
    for (ConvBnReluUnit u : units) {
      u.sgd(lr);
    }
  }

  /** Output {@code b} as a new dense NCHW array. */
  public INDArray output(int b) {
    return outputs[b].toNchw();
  }

  /** The gradient of branch {@code b}'s input from the last {@link #backward}, as a new dense NCHW array. */
  public INDArray inputGradientNchw(int b) {
    return inputGradients[b].toNchw();
  }

  private static void requireShape(String what, NhwcArray target, INDArray nchw) {
    if (!Arrays.equals(nchw.shape(), target.nchwView.shape())) {
      throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(target.nchwView.shape())
          + ", got " + Arrays.toString(nchw.shape()));
    }
  }
}
