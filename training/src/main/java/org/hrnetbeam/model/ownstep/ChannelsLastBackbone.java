package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hrnetbeam.model.BlockType;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.StageSpec;

/**
 * HRNet's whole backbone (everything before the segmentation head) as a train step of our own, wired
 * as {@code HrnetGraphBuilder.addNetwork} wires it for any {@code MODEL.EXTRA}: the stem
 * ({@code conv1}/{@code bn1}, {@code conv2}/{@code bn2}: 3×3 stride 2, 64 channels, ReLU), stage 1's
 * {@code NUM_BLOCKS[0]} blocks ({@code layer1.<k>}), then for stages 2–4 a transition
 * ({@code transition<s>}) and {@code NUM_MODULES} modules, each per-branch blocks
 * ({@code stage<s>.<m>.branches.<b>.<k>}) followed, when there is more than one branch, by a fuse
 * layer ({@code stage<s>.<m>.fuse_layers}). Any stage may use either block type.
 *
 * <p>{@link #forward} takes a channels-last input batch and leaves the last stage's branch outputs in
 * {@link #outputs()}; {@link #backward} takes the gradients of those outputs and fills every unit's
 * weight, γ and β gradients (the input's gradient is not computed: nothing is upstream of the stem).
 * Every BN runs in training mode and updates its running statistics on {@link #forward}.
 * {@link #units()} lists every conv + BN unit in {@code HrnetGraphBuilder}'s layer order, each named by
 * its state_dict modules. All arrays are allocated here, once.
 *
 * <p>Not thread-safe: one step at a time.
 */
public final class ChannelsLastBackbone {
  /** The stem's width, fixed by HRNet. */
  static final int STEM_CHANNELS = 64;

  private final int batch;
  private final int height;
  private final int width;
  private final ConvBnReluUnit stem1;
  private final ConvBnReluUnit stem2;
  private final NhwcArray stem1Gradient;
  private final List<ResidualBlock> layer1 = new ArrayList<>();
  private final List<Stage> stages = new ArrayList<>();
  private final List<ConvBnReluUnit> units = new ArrayList<>();
  private final SharedGradients shared = new SharedGradients();
  private final NhwcArray[] outputs;
  /** The input of the last {@link #forward}: the stem's backward reads it again. */
  private NhwcArray lastInput;

  /** One module of stages 2–4: per-branch blocks, then the fuse layer (null for a single branch). */
  private record Module(ResidualBlock[][] blocks, FuseLayer fuse, NhwcArray[] outputs) {
  }

  private record Stage(TransitionLayer transition, List<Module> modules) {
  }

  /**
   * @param spec   the network (stages, BN momentum, align-corners convention); its head is not built
   * @param batch  images per step
   * @param height input height in pixels
   * @param width  input width in pixels
   */
  public ChannelsLastBackbone(HrnetSpec spec, int batch, int height, int width) {
    if (batch < 1 || height < 4 || width < 4) {
      throw new IllegalArgumentException("backbone input must be at least 1x3x4x4, got " + batch + "x3x" + height
          + "x" + width);
    }
    this.batch = batch;
    this.height = height;
    this.width = width;
    double momentum = spec.bnMomentum();
    // Only the shape of the input matters here: units read whichever array forward() is given.
    NhwcArray inputShape = new NhwcArray(batch, 3, height, width);
    stem1 = add(new ConvBnReluUnit("conv1", "bn1", inputShape, STEM_CHANNELS, 3, 2, momentum, true, true, shared,
        false));
    stem2 = add(new ConvBnReluUnit("conv2", "bn2", stem1.y, STEM_CHANNELS, 3, 2, momentum, true, true, shared, false));
    stem1Gradient = stem1.newOutputShaped();

    StageSpec s1 = spec.stages().get(0);
    NhwcArray x = stem2.y;
    for (int k = 0; k < s1.numBlocks().get(0); k++) {
      ResidualBlock block = new ResidualBlock("layer1." + k, x, s1.block(), s1.numChannels().get(0), momentum, true,
          shared, passRole(0));
      layer1.add(block);
      units.addAll(block.units());
      x = block.output();
    }

    NhwcArray[] branches = {x};
    for (int s = 1; s < 4; s++) {
      StageSpec stage = spec.stages().get(s);
      int[] next = new int[stage.numBranches()];
      for (int b = 0; b < next.length; b++) {
        next[b] = stage.outputChannels(b);
      }
      TransitionLayer transition = new TransitionLayer("transition" + s, branches, next, momentum, true, shared);
      units.addAll(transition.units());
      branches = new NhwcArray[next.length];
      for (int b = 0; b < next.length; b++) {
        branches[b] = transition.output(b);
      }
      List<Module> modules = new ArrayList<>();
      for (int m = 0; m < stage.numModules(); m++) {
        Module module = module("stage" + (s + 1) + "." + m, branches, stage, spec.alignCorners(), momentum);
        modules.add(module);
        branches = module.outputs();
      }
      stages.add(new Stage(transition, modules));
    }
    outputs = branches;
  }

  /**
   * The {@link SharedGradients} role of the gradients handed backwards along branch {@code b} (from a
   * fuse layer or block to the block before it): within one branch each is read before the next is
   * written; branches get separate roles because two of them may have the same shape.
   */
  static String passRole(int b) {
    return "pass.branch" + b;
  }

  private ConvBnReluUnit add(ConvBnReluUnit unit) {
    units.add(unit);
    return unit;
  }

  private Module module(String prefix, NhwcArray[] in, StageSpec stage, boolean alignCorners, double momentum) {
    ResidualBlock[][] blocks = new ResidualBlock[in.length][];
    NhwcArray[] branchOut = new NhwcArray[in.length];
    for (int b = 0; b < in.length; b++) {
      blocks[b] = new ResidualBlock[stage.numBlocks().get(b)];
      NhwcArray x = in[b];
      for (int k = 0; k < blocks[b].length; k++) {
        blocks[b][k] = new ResidualBlock(prefix + ".branches." + b + "." + k, x, stage.block(),
            stage.numChannels().get(b), momentum, true, shared, passRole(b));
        units.addAll(blocks[b][k].units());
        x = blocks[b][k].output();
      }
      branchOut[b] = x;
    }
    if (in.length == 1) {
      return new Module(blocks, null, branchOut);
    }
    FuseLayer fuse = new FuseLayer(prefix + ".fuse_layers", branchOut, alignCorners, momentum, true, shared);
    units.addAll(fuse.units());
    NhwcArray[] fused = new NhwcArray[in.length];
    for (int b = 0; b < in.length; b++) {
      fused[b] = fuse.outputArray(b);
    }
    return new Module(blocks, fuse, fused);
  }

  /** Every conv + BN unit in {@code HrnetGraphBuilder}'s layer order, named by state_dict module. */
  List<ConvBnReluUnit> units() {
    return List.copyOf(units);
  }

  /**
   * Every fuse layer's outputs (after their ReLU), keyed as {@code HrnetGraphBuilder} names the sum
   * before that ReLU ({@code stage3.0:fuse1}), for checks against the DL4J graph.
   */
  java.util.Map<String, NhwcArray> fuseOutputs() {
    java.util.Map<String, NhwcArray> out = new java.util.LinkedHashMap<>();
    for (int s = 0; s < stages.size(); s++) {
      List<Module> modules = stages.get(s).modules();
      for (int m = 0; m < modules.size(); m++) {
        FuseLayer fuse = modules.get(m).fuse();
        for (int b = 0; fuse != null && b < modules.get(m).outputs().length; b++) {
          out.put("stage" + (s + 2) + "." + m + ":fuse" + b, fuse.outputArray(b));
        }
      }
    }
    return out;
  }

  /** A new channels-last array of the input's shape [N, H, W, 3]. */
  public NhwcArray newInput() {
    return new NhwcArray(batch, 3, height, width);
  }

  /** A new channels-last array shaped as branch {@code b}'s output, for its gradient. */
  public NhwcArray newOutputGradient(int b) {
    NhwcArray o = outputs[b];
    return new NhwcArray(o.batch, o.channels, o.height, o.width);
  }

  /** Branch {@code b}'s output shape in NCHW order: [N, C, H, W]. */
  public long[] outputShape(int b) {
    NhwcArray o = outputs[b];
    return new long[]{o.batch, o.channels, o.height, o.width};
  }

  /** Number of branches the last stage outputs. */
  public int branches() {
    return outputs.length;
  }

  /** The last stage's branch outputs, highest resolution first (owned here, overwritten by each {@link #forward}). */
  public List<NhwcArray> outputs() {
    return List.of(outputs);
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code seed}; γ = 1, β = 0. */
  public void initialise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    for (ConvBnReluUnit u : units) {
      u.initialise(random);
    }
  }

  /**
   * Runs the whole backbone on {@code input} ([N, H, W, 3], kept by reference until the next
   * {@link #backward}), updating every BN's running statistics.
   *
   * @return the last stage's branch outputs, as {@link #outputs()}
   */
  public List<NhwcArray> forward(NhwcArray input) {
    if (input.batch != batch || input.channels != 3 || input.height != height || input.width != width) {
      throw new IllegalArgumentException("backbone input must be " + batch + "x3x" + height + "x" + width
          + " (NCHW order), got " + input.batch + "x" + input.channels + "x" + input.height + "x" + input.width);
    }
    lastInput = input;
    stem1.forward(input, null);
    stem2.forward(stem1.y, null);
    for (ResidualBlock block : layer1) {
      block.forward();
    }
    for (Stage stage : stages) {
      stage.transition().forward();
      for (Module module : stage.modules()) {
        for (ResidualBlock[] branch : module.blocks()) {
          for (ResidualBlock block : branch) {
            block.forward();
          }
        }
        if (module.fuse() != null) {
          module.fuse().forward();
        }
      }
    }
    return outputs();
  }

  /**
   * Back from the gradients of the last stage's branch outputs (after the {@link #forward} of the
   * same input); fills every unit's weight, γ and β gradients.
   */
  public void backward(List<NhwcArray> branchGradients) {
    if (lastInput == null) {
      throw new IllegalStateException("backbone backward needs a forward first");
    }
    if (branchGradients.size() != outputs.length) {
      throw new IllegalArgumentException("backbone backward needs " + outputs.length + " branch gradients, got "
          + branchGradients.size());
    }
    NhwcArray[] grads = branchGradients.toArray(NhwcArray[]::new);
    for (int b = 0; b < grads.length; b++) {
      NhwcArray o = outputs[b];
      NhwcArray g = grads[b];
      if (g.batch != o.batch || g.channels != o.channels || g.height != o.height || g.width != o.width) {
        throw new IllegalArgumentException("gradient of branch " + b + " must be " + o.batch + "x" + o.channels + "x"
            + o.height + "x" + o.width + " (NCHW order), got " + g.batch + "x" + g.channels + "x" + g.height + "x"
            + g.width);
      }
    }
    for (int s = stages.size() - 1; s >= 0; s--) {
      Stage stage = stages.get(s);
      for (int m = stage.modules().size() - 1; m >= 0; m--) {
        Module module = stage.modules().get(m);
        if (module.fuse() != null) {
          module.fuse().backward(grads);
          for (int b = 0; b < grads.length; b++) {
            grads[b] = module.fuse().inputGradientArray(b);
          }
        }
        for (int b = 0; b < grads.length; b++) {
          ResidualBlock[] branch = module.blocks()[b];
          for (int k = branch.length - 1; k >= 0; k--) {
            branch[k].backward(grads[b]);
            grads[b] = branch[k].inputGradient();
          }
        }
      }
      TransitionLayer transition = stage.transition();
      transition.backward(grads);
      NhwcArray[] previous = new NhwcArray[s == 0 ? 1 : stages.get(s - 1).modules().get(0).outputs().length];
      for (int b = 0; b < previous.length; b++) {
        previous[b] = transition.inputGradientArray(b);
      }
      grads = previous;
    }
    NhwcArray g = grads[0];
    for (int k = layer1.size() - 1; k >= 0; k--) {
      layer1.get(k).backward(g);
      g = layer1.get(k).inputGradient();
    }
    stem2.backward(stem1.y, g, stem1Gradient);
    stem1.backward(lastInput, stem1Gradient, null);
  }

  /** Plain SGD on every weight, γ and β. */
  public void sgd(float lr) {
    for (ConvBnReluUnit u : units) {
      u.sgd(lr);
    }
  }

  /**
   * Bytes the backbone holds outside the Java heap: every activation and gradient array, the weights
   * and their gradients, and the oneDNN-layout weight copies the convolutions keep after their first
   * step (so the count grows once, on the first step). Not counted: the caller's input, oneDNN's own
   * primitive scratchpads, and {@link #heapBytes()}.
   */
  public long nativeBytes() {
    long total = stem1.nativeBytes() + stem2.nativeBytes() + stem1Gradient.bytes() + shared.bytes();
    for (ResidualBlock block : layer1) {
      total += block.nativeBytes();
    }
    for (Stage stage : stages) {
      total += stage.transition().nativeBytes();
      for (Module module : stage.modules()) {
        for (ResidualBlock[] branch : module.blocks()) {
          for (ResidualBlock block : branch) {
            total += block.nativeBytes();
          }
        }
        total += module.fuse() == null ? 0 : module.fuse().nativeBytes();
      }
    }
    return total;
  }

  /**
   * Where {@link #nativeBytes()} goes, in MiB: the units' z and y (activations kept for the backward),
   * their g and dz (per-step gradients), weights with gradients and oneDNN-layout copies, and the
   * arrays shared per shape and role ({@link SharedGradients}: units' g/dz, blocks' and fuse layers'
   * inner gradients, partial sums and upsampled terms), and the rest (blocks', transitions' and fuse
   * layers' own arrays: outputs and the input gradients they pass on).
   */
  public String memoryBreakdown() {
    long activations = 0;
    long gradients = 0;
    long weights = 0;
    for (ConvBnReluUnit u : units) {
      activations += u.activationBytes();
      gradients += u.gradientBytes();
      weights += u.weightBytes();
    }
    long rest = nativeBytes() - activations - gradients - weights - shared.bytes();
    double mib = 1 << 20;
    return String.format("units' z+y %.0f MiB, units' own g+dz %.0f MiB, shared per-step arrays %.0f MiB,"
        + " weights+gradients+layout copies %.1f MiB, other arrays (fuse outputs, input gradients passed"
        + " between components) %.0f MiB", activations / mib, gradients / mib, shared.bytes() / mib, weights / mib,
        rest / mib);
  }

  /** Number of conv + BN units. */
  public int unitCount() {
    return units.size();
  }

  /** Bytes of the Java-heap scratch the backbone keeps (the fuse layers' resize backward buffers). */
  public long heapBytes() {
    long total = 0;
    for (Stage stage : stages) {
      for (Module module : stage.modules()) {
        total += module.fuse() == null ? 0 : module.fuse().heapBytes();
      }
    }
    return total;
  }

  /** The shape of every branch output, as "CxHxW" strings (for messages and tables). */
  public String outputShapes() {
    String[] s = new String[outputs.length];
    for (int b = 0; b < outputs.length; b++) {
      s[b] = outputs[b].channels + "x" + outputs[b].height + "x" + outputs[b].width;
    }
    return Arrays.toString(s);
  }
}
