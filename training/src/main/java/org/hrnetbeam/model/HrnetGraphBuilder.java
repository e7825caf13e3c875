package org.hrnetbeam.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Builds HRNetV2 (segmentation) as a DL4J {@link ComputationGraphConfiguration}, following the
 * reference {@code seg_hrnet.py}: stem, bottleneck stage 1, transitions, basic-block stages with
 * multi-resolution fusion, and the {@code last_layer} head producing logits at 1/4 of the input size.
 *
 * <p>Every layer holding parameters is named exactly as its PyTorch module path
 * ({@code layer1.0.downsample.0}, {@code stage3.1.fuse_layers.2.0.1.1}, {@code last_layer.3}), so
 * state_dict keys map 1:1 onto it (see {@link ParameterNames}). Vertices without parameters
 * (ReLU, sums, resizes, the concatenation) carry a {@code :} in their name, which PyTorch names never have.
 */
public final class HrnetGraphBuilder {
  /** Name of the graph input: a normalised float32 NCHW RGB batch. */
  public static final String INPUT = "input";
  /** Name of the classifier layer: raw logits [N, NUM_CLASSES, ⌈H/4⌉, ⌈W/4⌉]. */
  public static final String LOGITS = "last_layer.3";
  /**
   * Name of the graph's output layer: it passes the logits through (so {@code output()} gives
   * logits) and scores them against labels with the reference criterion when training.
   */
  public static final String LOSS = "loss";

  private final HrnetSpec spec;
  private final ComputationGraphConfiguration.GraphBuilder g;
  private final Map<String, String> taps = new LinkedHashMap<>();

  private HrnetGraphBuilder(HrnetSpec spec, ComputationGraphConfiguration.GraphBuilder g) {
    this.spec = spec;
    this.g = g;
  }

  /** The configuration with a no-op updater (inference, or a trainer that applies its own updates). */
  public static ComputationGraphConfiguration build(HrnetSpec spec) {
    return build(spec, new NoOp()).configuration();
  }

  /** The configuration plus the names of its reference intermediate activations. */
  public static Built build(HrnetSpec spec, IUpdater updater) {
    return build(spec, updater, DataType.FLOAT);
  }

  /** As {@link #build(HrnetSpec, IUpdater)} in another precision (float64 for gradient checks). */
  public static Built build(HrnetSpec spec, IUpdater updater, DataType dataType) {
    return build(spec, updater, dataType, new SegmentationLossLayer(255, spec.alignCorners(), null));
  }

  /**
   * The full form: {@code loss} is the output layer (ignore label and class weights of the
   * reference criterion; its align-corners setting should be the spec's).
   */
  public static Built build(HrnetSpec spec, IUpdater updater, DataType dataType, SegmentationLossLayer loss) {
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
        .dataType(dataType)
        .updater(updater)
        // The loss is already the reference's mean over valid pixels: the updater must not
        // divide the gradient by the minibatch size again.
        .miniBatch(false)
        .convolutionMode(ConvolutionMode.Truncate)
        // Measured (STACK.md): without DEVICE caching every conv runs its forward twice per step.
        .cacheMode(CacheMode.DEVICE)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs(INPUT);
    HrnetGraphBuilder b = new HrnetGraphBuilder(spec, g);
    b.addNetwork();
    g.addLayer(LOSS, loss, LOGITS);
    g.setOutputs(LOSS);
    return new Built(g.build(), Map.copyOf(b.taps));
  }

  /**
   * @param configuration the graph configuration
   * @param taps          reference intermediate name (as in the parity fixture's
   *                      {@code eval_intermediates.npz}: {@code layer1}, {@code stage2.out0}, …,
   *                      {@code last_layer_input_concat}) → vertex name in this graph
   */
  public record Built(ComputationGraphConfiguration configuration, Map<String, String> taps) {
  }

  private void addNetwork() {
    String x = conv("conv1", INPUT, 3, 64, 3, 2, false);
    x = bn("bn1", x, 64, true);
    x = conv("conv2", x, 64, 64, 3, 2, false);
    x = bn("bn2", x, 64, true);

    StageSpec s1 = spec.stages().get(0);
    int planes = s1.numChannels().get(0);
    int inChannels = 64;
    for (int k = 0; k < s1.numBlocks().get(0); k++) {
      x = block("layer1." + k, x, s1.block(), inChannels, planes);
      inChannels = planes * s1.block().expansion();
    }
    taps.put("layer1", x);

    List<String> branches = List.of(x);
    List<Integer> widths = List.of(inChannels);
    for (int s = 1; s < 4; s++) {
      StageSpec stage = spec.stages().get(s);
      List<Integer> next = new ArrayList<>();
      for (int b = 0; b < stage.numBranches(); b++) {
        next.add(stage.outputChannels(b));
      }
      branches = transition("transition" + s, branches, widths, next);
      widths = next;
      for (int m = 0; m < stage.numModules(); m++) {
        branches = module("stage" + (s + 1) + "." + m, branches, widths, stage);
      }
      for (int b = 0; b < branches.size(); b++) {
        taps.put("stage" + (s + 1) + ".out" + b, branches.get(b));
      }
    }
    addHead(branches, widths);
  }

  private void addHead(List<String> branches, List<Integer> widths) {
    List<String> parts = new ArrayList<>();
    parts.add(branches.get(0));
    for (int b = 1; b < branches.size(); b++) {
      parts.add(resize("head:up" + b, branches.get(b), branches.get(0)));
    }
    String concat = "head:concat";
    g.addVertex(concat, new MergeVertex(), parts.toArray(String[]::new));
    taps.put("last_layer_input_concat", concat);
    int total = widths.stream().mapToInt(Integer::intValue).sum();
    String y = conv("last_layer.0", concat, total, total, 1, 1, true);
    y = bn("last_layer.1", y, total, true);
    int k = spec.finalConvKernel();
    g.addLayer(LOGITS, ReusingConvolution.of(new ConvolutionLayer.Builder(k, k).stride(1, 1).padding(k / 2, k / 2)
        .nIn(total).nOut(spec.numClasses()).hasBias(true).activation(Activation.IDENTITY)
        .cudnnAllowFallback(false)), y);
  }

  /** The reference {@code _make_transition_layer} plus the forward's choice of inputs. */
  private List<String> transition(String prefix, List<String> in, List<Integer> pre, List<Integer> cur) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cur.size(); i++) {
      if (i < pre.size()) {
        if (!cur.get(i).equals(pre.get(i))) {
          String c = conv(prefix + "." + i + ".0", in.get(i), pre.get(i), cur.get(i), 3, 1, false);
          out.add(bn(prefix + "." + i + ".1", c, cur.get(i), true));
        } else {
          out.add(in.get(i));
        }
      } else {
        // New, coarser branches grow from the previous stage's lowest resolution.
        String x = in.get(in.size() - 1);
        int channels = pre.get(pre.size() - 1);
        int steps = i + 1 - pre.size();
        for (int j = 0; j < steps; j++) {
          int outChannels = j == steps - 1 ? cur.get(i) : channels;
          String p = prefix + "." + i + "." + j;
          x = conv(p + ".0", x, channels, outChannels, 3, 2, false);
          x = bn(p + ".1", x, outChannels, true);
          channels = outChannels;
        }
        out.add(x);
      }
    }
    return out;
  }

  /** One HighResolutionModule: per-branch blocks, then fusion (sum + ReLU) into every branch. */
  private List<String> module(String prefix, List<String> in, List<Integer> widths, StageSpec stage) {
    List<String> branchOut = new ArrayList<>();
    for (int b = 0; b < in.size(); b++) {
      String x = in.get(b);
      int channels = widths.get(b);
      for (int k = 0; k < stage.numBlocks().get(b); k++) {
        x = block(prefix + ".branches." + b + "." + k, x, stage.block(), channels, stage.numChannels().get(b));
        channels = stage.outputChannels(b);
      }
      branchOut.add(x);
    }
    if (in.size() == 1) {
      return branchOut;
    }
    List<String> fused = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      List<String> terms = new ArrayList<>();
      for (int j = 0; j < in.size(); j++) {
        String f = prefix + ".fuse_layers." + i + "." + j;
        if (j == i) {
          terms.add(branchOut.get(j));
        } else if (j > i) {
          String c = conv(f + ".0", branchOut.get(j), widths.get(j), widths.get(i), 1, 1, false);
          c = bn(f + ".1", c, widths.get(i), false);
          terms.add(resize(f + ":up", c, branchOut.get(i)));
        } else {
          String x = branchOut.get(j);
          for (int k = 0; k < i - j; k++) {
            boolean last = k == i - j - 1;
            int outChannels = last ? widths.get(i) : widths.get(j);
            x = conv(f + "." + k + ".0", x, widths.get(j), outChannels, 3, 2, false);
            x = bn(f + "." + k + ".1", x, outChannels, !last);
          }
          terms.add(x);
        }
      }
      String sum = prefix + ":fuse" + i;
      // Every term but the branch's own output (which other fusions also read) is private to this sum.
      g.addVertex(sum, new SumInPlaceVertex(i == 0 ? 1 : 0), terms.toArray(String[]::new));
      fused.add(relu(sum + ":relu", sum));
    }
    return fused;
  }

  /** A BasicBlock or Bottleneck with its projection shortcut when the width changes. */
  private String block(String p, String in, BlockType type, int inChannels, int planes) {
    int outChannels = planes * type.expansion();
    String y;
    if (type == BlockType.BASIC) {
      y = conv(p + ".conv1", in, inChannels, planes, 3, 1, false);
      y = bn(p + ".bn1", y, planes, true);
      y = conv(p + ".conv2", y, planes, planes, 3, 1, false);
      y = bn(p + ".bn2", y, planes, false);
    } else {
      y = conv(p + ".conv1", in, inChannels, planes, 1, 1, false);
      y = bn(p + ".bn1", y, planes, true);
      y = conv(p + ".conv2", y, planes, planes, 3, 1, false);
      y = bn(p + ".bn2", y, planes, true);
      y = conv(p + ".conv3", y, planes, outChannels, 1, 1, false);
      y = bn(p + ".bn3", y, outChannels, false);
    }
    String shortcut = in;
    if (inChannels != outChannels) {
      shortcut = conv(p + ".downsample.0", in, inChannels, outChannels, 1, 1, false);
      shortcut = bn(p + ".downsample.1", shortcut, outChannels, false);
    }
    String sum = p + ":add";
    // y is a BN output without ReLU read by nothing else: the sum may overwrite it.
    g.addVertex(sum, new SumInPlaceVertex(0), y, shortcut);
    return relu(p + ":relu", sum);
  }

  private String conv(String name, String in, int nIn, int nOut, int k, int stride, boolean bias) {
    g.addLayer(name, ReusingConvolution.of(new ConvolutionLayer.Builder(k, k).stride(stride, stride)
        .padding(k / 2, k / 2).nIn(nIn).nOut(nOut).hasBias(bias).activation(Activation.IDENTITY)
        // A helper that fails must fail loudly, not fall back to the 5–19× slower path.
        .cudnnAllowFallback(false)), in);
    return name;
  }

  /** BN (eps 1e-5, PyTorch momentum m as DL4J decay 1 − m, plain variance), then ReLU if asked. */
  private String bn(String name, String in, int channels, boolean relu) {
    g.addLayer(name, new BatchNormalization.Builder().nIn(channels).nOut(channels)
        .eps(HrnetSpec.BN_EPS).decay(1.0 - spec.bnMomentum()).useLogStd(false)
        .cudnnAllowFallback(false).build(), in);
    return relu ? relu(name + ":relu", name) : name;
  }

  private String relu(String name, String in) {
    g.addVertex(name, new ReluInPlaceVertex(), in);
    return name;
  }

  private String resize(String name, String source, String sizeOf) {
    g.addVertex(name, new ResizeBilinearVertex(spec.alignCorners()), source, sizeOf);
    return name;
  }
}
