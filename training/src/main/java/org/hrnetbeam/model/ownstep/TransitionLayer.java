package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HRNet's transition layer between two stages, as a train step of our own. For each branch i of the
 * next stage:
 * <ul>
 *   <li>an existing branch whose width stays: the identity;</li>
 *   <li>an existing branch whose width changes: 3×3 conv (no bias) + BN + ReLU;</li>
 *   <li>a new branch (i ≥ the previous stage's count): i + 1 − count steps of 3×3 stride-2 conv + BN +
 *       ReLU from the previous stage's lowest-resolution branch, every step but the last keeping its
 *       width (HRNet adds one branch per stage, so one step).</li>
 * </ul>
 * Forward, backward from given gradients of every output (parameter gradients and every input's
 * gradient; the lowest input's is the sum of its own output's and the new branches'), plain SGD.
 * Units are named {@code t<i>_<k>}, as {@link TransitionGraph} names the same layers in DL4J.
 */
public final class TransitionLayer {
  private final int previous;
  private final NhwcArray[] inputs;
  /** Per output: its units (empty for the identity). */
  private final ConvBnReluUnit[][] paths;
  /** Per output: the gradient of each unit's output but the last. */
  private final NhwcArray[][] stepGradients;
  /** Per input: its own gradient array, where an output's path (or a sum) writes it; null where the identity passes it. */
  private final NhwcArray[] inputGradients;
  /** Per input: its gradient after the last {@link #backward}. */
  private final NhwcArray[] inputGradientOf;
  /** A new branch's share of the lowest input's gradient, before it is added in. */
  private final NhwcArray newBranchGradient;
  private final List<ConvBnReluUnit> units = new ArrayList<>();

  /**
   * @param channels the previous stage's branch widths, highest resolution first
   * @param heights  their heights
   * @param widths   their widths in pixels
   * @param next     the next stage's branch widths (at least as many branches)
   */
  public TransitionLayer(int batch, int[] channels, int[] heights, int[] widths, int[] next, double momentum,
      boolean primitiveLayout) {
    this(null, newInputs(batch, channels, heights, widths, next), next, momentum, primitiveLayout, null);
  }

  /**
   * A transition reading the given arrays (a whole network's branch outputs) as its inputs.
   *
   * @param prefix the layer's state_dict module name ({@code transition1}): units are named
   *               {@code <prefix>.<i>.0} / {@code .1} (width changes) and {@code <prefix>.<i>.<k>.0} /
   *               {@code .1} (new branches); null for the local names {@code t<i>_<k>}
   * @param shared the network's shared per-step gradient arrays; null: each unit its own
   */
  TransitionLayer(String prefix, NhwcArray[] inputs, int[] next, double momentum, boolean primitiveLayout,
      SharedGradients shared) {
    previous = inputs.length;
    if (previous < 1 || next.length < previous) {
      throw new IllegalArgumentException("transition layer needs at least as many next branches as previous ones,"
          + " got " + previous + " previous and next " + Arrays.toString(next));
    }
    this.inputs = inputs.clone();
    int[] channels = new int[previous];
    for (int b = 0; b < previous; b++) {
      channels[b] = inputs[b].channels;
    }
    inputGradients = new NhwcArray[previous];
    inputGradientOf = new NhwcArray[previous];
    paths = new ConvBnReluUnit[next.length][];
    stepGradients = new NhwcArray[next.length][];
    for (int i = 0; i < next.length; i++) {
      if (i < previous) {
        paths[i] = next[i] == channels[i] ? new ConvBnReluUnit[0]
            : new ConvBnReluUnit[]{prefix == null
                ? new ConvBnReluUnit("t" + i + "_0", inputs[i], next[i], 3, 1, momentum, primitiveLayout, true)
                : new ConvBnReluUnit(prefix + "." + i + ".0", prefix + "." + i + ".1", inputs[i], next[i], 3, 1,
                    momentum, primitiveLayout, true, shared, false)};
      } else {
        int steps = i + 1 - previous;
        paths[i] = new ConvBnReluUnit[steps];
        NhwcArray in = inputs[previous - 1];
        for (int k = 0; k < steps; k++) {
          int out = k == steps - 1 ? next[i] : in.channels;
          String t = prefix + "." + i + "." + k;
          paths[i][k] = prefix == null
              ? new ConvBnReluUnit("t" + i + "_" + k, in, out, 3, 2, momentum, primitiveLayout, true)
              : new ConvBnReluUnit(t + ".0", t + ".1", in, out, 3, 2, momentum, primitiveLayout, true, shared, false);
          in = paths[i][k].y;
        }
      }
      units.addAll(Arrays.asList(paths[i]));
      stepGradients[i] = new NhwcArray[Math.max(0, paths[i].length - 1)];
      for (int k = 0; k < paths[i].length - 1; k++) {
        stepGradients[i][k] = paths[i][k].newOutputShaped();
      }
    }
    for (int b = 0; b < previous; b++) {
      // The lowest input always gets an array when new branches read it: their shares are summed there.
      if (paths[b].length > 0 || (b == previous - 1 && next.length > previous)) {
        inputGradients[b] = newInputShaped(b);
      }
    }
    newBranchGradient = next.length > previous ? newInputShaped(previous - 1) : null;
  }

  private static NhwcArray[] newInputs(int batch, int[] channels, int[] heights, int[] widths, int[] next) {
    int previous = channels.length;
    if (previous < 1 || heights.length != previous || widths.length != previous || next.length < previous) {
      throw new IllegalArgumentException("transition layer needs one height and width per previous branch and at"
          + " least as many next branches, got channels " + Arrays.toString(channels) + ", heights "
          + Arrays.toString(heights) + ", widths " + Arrays.toString(widths) + ", next " + Arrays.toString(next));
    }
    NhwcArray[] inputs = new NhwcArray[previous];
    for (int b = 0; b < previous; b++) {
      if (batch < 1 || channels[b] < 1 || heights[b] < 1 || widths[b] < 1) {
        throw new IllegalArgumentException("transition layer needs positive sizes, got batch " + batch + ", branch "
            + b + " " + channels[b] + "x" + heights[b] + "x" + widths[b]);
      }
      inputs[b] = new NhwcArray(batch, channels[b], heights[b], widths[b]);
    }
    return inputs;
  }

  /** Branch {@code b}'s input gradient from the last {@link #backward} (may be an output gradient passed through). */
  NhwcArray inputGradientArray(int b) {
    return inputGradientOf[b];
  }

  /** Bytes held outside the Java heap by the units and this layer's gradient arrays (inputs not counted). */
  long nativeBytes() {
    long total = 0;
    for (ConvBnReluUnit u : units) {
      total += u.nativeBytes();
    }
    for (NhwcArray[] row : stepGradients) {
      for (NhwcArray a : row) {
        total += a.bytes();
      }
    }
    for (NhwcArray a : inputGradients) {
      total += a == null ? 0 : a.bytes();
    }
    return total + (newBranchGradient == null ? 0 : newBranchGradient.bytes());
  }

  private NhwcArray newInputShaped(int b) {
    NhwcArray x = inputs[b];
    return new NhwcArray(x.batch, x.channels, x.height, x.width);
  }

  /** Every conv + BN + ReLU unit, output by output, step by step. */
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

  /** Copies a dense NCHW batch of the previous stage's branch {@code b} into its channels-last input. */
  public void setInput(int b, INDArray nchw) {
    requireShape("branch " + b + " input", inputs[b], nchw);
    inputs[b].assignFromNchw(nchw);
  }

  /** A channels-last copy of {@code nchw}, a gradient of output {@code i}, for {@link #backward}. */
  public NhwcArray outputGradient(int i, INDArray nchw) {
    NhwcArray out = output(i);
    NhwcArray g = new NhwcArray(out.batch, out.channels, out.height, out.width);
    requireShape("output " + i + " gradient", g, nchw);
    g.assignFromNchw(nchw);
    return g;
  }

  /** Output {@code i}'s array: the input itself for an identity, else its last unit's activation. */
  NhwcArray output(int i) {
    return paths[i].length == 0 ? inputs[i] : paths[i][paths[i].length - 1].y;
  }

  /** Runs every path's forward, updating the BNs' running statistics. */
  public void forward() {
    for (int i = 0; i < paths.length; i++) {
      NhwcArray in = inputs[Math.min(i, previous - 1)];
      for (ConvBnReluUnit u : paths[i]) {
        u.forward(in, null);
        in = u.y;
      }
    }
  }

  /** Back from the gradients of every output; fills the parameter gradients and every input's gradient. */
  public void backward(NhwcArray... outputGradients) {
    if (outputGradients.length != paths.length) {
      throw new IllegalArgumentException("transition layer backward needs " + paths.length + " output gradients,"
          + " got " + outputGradients.length);
    }
    for (int i = 0; i < paths.length; i++) {
      int source = Math.min(i, previous - 1);
      boolean newBranch = i >= previous;
      NhwcArray upstream = outputGradients[i];
      for (int k = paths[i].length - 1; k >= 0; k--) {
        NhwcArray in = k == 0 ? inputs[source] : paths[i][k - 1].y;
        NhwcArray dx = k > 0 ? stepGradients[i][k - 1] : newBranch ? newBranchGradient : inputGradients[source];
        paths[i][k].backward(in, upstream, dx);
        upstream = dx;
      }
      if (!newBranch) {
        inputGradientOf[i] = paths[i].length == 0 ? outputGradients[i] : inputGradients[i];
      } else if (i == previous) {
        // The first new branch: the lowest input's gradient = its own output's share + this one.
        ChannelsLastPasses.add(inputGradientOf[source], newBranchGradient, inputGradients[source]);
        inputGradientOf[source] = inputGradients[source];
      } else {
        ChannelsLastPasses.addInto(inputGradients[source], newBranchGradient);
      }
    }
  }

  /** Plain SGD on every unit's weights, γ and β. */
  public void sgd(float lr) {
    for (ConvBnReluUnit u : units) {
      u.sgd(lr);
    }
  }

  /** Output {@code i} as a new dense NCHW array. */
  public INDArray outputNchw(int i) {
    return output(i).toNchw();
  }

  /** The gradient of the previous stage's branch {@code b} from the last {@link #backward}, dense NCHW. */
  public INDArray inputGradientNchw(int b) {
    return inputGradientOf[b].toNchw();
  }

  private static void requireShape(String what, NhwcArray target, INDArray nchw) {
    if (!Arrays.equals(nchw.shape(), target.nchwView.shape())) {
      throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(target.nchwView.shape())
          + ", got " + Arrays.toString(nchw.shape()));
    }
  }
}
