package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.model.BlockType;

/**
 * One HRNet residual block inside a whole network, reading a given array as its input, as
 * {@code HrnetGraphBuilder.block} wires it:
 * <ul>
 *   <li>{@code BASIC}: 3×3 conv + BN + ReLU, 3×3 conv + BN;</li>
 *   <li>{@code BOTTLENECK}: 1×1 conv + BN + ReLU, 3×3 conv + BN + ReLU, 1×1 conv (planes × 4) + BN;</li>
 * </ul>
 * then the identity path added and ReLU. When the input's width differs from the block's output
 * width, the identity path is a 1×1 conv + BN without ReLU ({@code downsample.0} / {@code .1}).
 * Units carry their state_dict names ({@code <prefix>.conv1} / {@code <prefix>.bn1}, …).
 *
 * <p>The gradient of the block's input is always computed: in HRNet something (a block, the stem,
 * a transition or a fuse layer) is upstream of every block.
 */
final class ResidualBlock {
  private final NhwcArray input;
  /** conv1, conv2 (and conv3 for a bottleneck), in order; the last adds the identity before its ReLU. */
  private final ConvBnReluUnit[] main;
  private final ConvBnReluUnit downsample;
  /** The gradient of each main unit's output but the last. */
  private final NhwcArray[] mainGradients;
  private final NhwcArray inputGradient;
  private final NhwcArray downsampleInputGradient;
  /** Bytes of the arrays this block allocated itself. */
  private long ownBytes;

  /**
   * @param prefix the block's state_dict module name, e.g. {@code layer1.0} or {@code stage2.0.branches.1.3}
   * @param planes the block's planes (its output width is planes × the type's expansion)
   * @param shared the network's shared per-step gradient arrays
   * @param passRole the role under which {@link #inputGradient()} is shared (see
   *               {@link SharedGradients}; one per branch), or null for an array of the block's own
   */
  ResidualBlock(String prefix, NhwcArray input, BlockType type, int planes, double momentum,
      boolean primitiveLayout, SharedGradients shared, String passRole) {
    this.input = input;
    int out = planes * type.expansion();
    int[] kernels = type == BlockType.BASIC ? new int[]{3, 3} : new int[]{1, 3, 1};
    main = new ConvBnReluUnit[kernels.length];
    NhwcArray in = input;
    for (int k = 0; k < kernels.length; k++) {
      boolean last = k == kernels.length - 1;
      // The last unit's ReLU comes after the identity sum, which the unit does before its ReLU.
      main[k] = new ConvBnReluUnit(prefix + ".conv" + (k + 1), prefix + ".bn" + (k + 1), in, last ? out : planes,
          kernels[k], 1, momentum, primitiveLayout, true, shared, last);
      in = main[k].y;
    }
    downsample = input.channels == out ? null
        : new ConvBnReluUnit(prefix + ".downsample.0", prefix + ".downsample.1", input, out, 1, 1, momentum,
            primitiveLayout, false, shared, false);
    mainGradients = new NhwcArray[main.length - 1];
    for (int k = 0; k < mainGradients.length; k++) {
      // Main unit k's output gradient is written while unit k + 1's is read: one shared array per k.
      NhwcArray y = main[k].y;
      mainGradients[k] = shared == null ? owned(main[k].newOutputShaped())
          : shared.shaped("block.main" + k, y.batch, y.channels, y.height, y.width);
    }
    // Shared within the branch: the gradient handed to this block is read only by its last unit's
    // first backward pass, long before its first unit writes the gradient it hands on.
    inputGradient = shared == null || passRole == null
        ? owned(new NhwcArray(input.batch, input.channels, input.height, input.width))
        : shared.shaped(passRole, input.batch, input.channels, input.height, input.width);
    downsampleInputGradient = downsample == null ? null : shared == null
        ? owned(new NhwcArray(input.batch, input.channels, input.height, input.width))
        : shared.shaped("block.downsample", input.batch, input.channels, input.height, input.width);
  }

  /** The main units in order, then the downsample's: the order of {@code HrnetGraphBuilder}'s layers. */
  List<ConvBnReluUnit> units() {
    List<ConvBnReluUnit> all = new ArrayList<>(List.of(main));
    if (downsample != null) {
      all.add(downsample);
    }
    return all;
  }

  /** The block's output (owned by its last unit, overwritten by each {@link #forward}). */
  NhwcArray output() {
    return main[main.length - 1].y;
  }

  void forward() {
    NhwcArray in = input;
    for (int k = 0; k < main.length - 1; k++) {
      main[k].forward(in, null);
      in = main[k].y;
    }
    NhwcArray identity = input;
    if (downsample != null) {
      downsample.forward(input, null);
      identity = downsample.y;
    }
    main[main.length - 1].forward(in, identity);
  }

  /** Back from the gradient of the output; fills every unit's gradients and {@link #inputGradient()}. */
  void backward(NhwcArray outputGradient) {
    NhwcArray upstream = outputGradient;
    for (int k = main.length - 1; k >= 0; k--) {
      NhwcArray in = k == 0 ? input : main[k - 1].y;
      NhwcArray dx = k == 0 ? inputGradient : mainGradients[k - 1];
      main[k].backward(in, upstream, dx);
      upstream = dx;
    }
    NhwcArray identityGradient = main[main.length - 1].preActivationGradient();
    if (downsample == null) {
      ChannelsLastPasses.addInto(inputGradient, identityGradient);
    } else {
      downsample.backward(input, identityGradient, downsampleInputGradient);
      ChannelsLastPasses.addInto(inputGradient, downsampleInputGradient);
    }
  }

  /** The gradient of the block's input from the last {@link #backward}. */
  NhwcArray inputGradient() {
    return inputGradient;
  }

  private NhwcArray owned(NhwcArray a) {
    ownBytes += a.bytes();
    return a;
  }

  /** Bytes held outside the Java heap: the units' and this block's own arrays (not the input nor shared arrays). */
  long nativeBytes() {
    long total = ownBytes;
    for (ConvBnReluUnit u : units()) {
      total += u.nativeBytes();
    }
    return total;
  }
}
