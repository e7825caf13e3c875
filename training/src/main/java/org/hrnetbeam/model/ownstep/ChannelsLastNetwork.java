package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hrnetbeam.loss.SegmentationCriterion;
import org.hrnetbeam.model.HrnetSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole HRNet train step of our own: {@link ChannelsLastBackbone}, {@link ChannelsLastHead} and
 * the product's criterion through {@link ChannelsLastLoss}, for one input shape. It keeps no weights
 * of its own between steps: {@link #load} copies them in by state_dict name before a step, and
 * {@link #storeGradients} / {@link #storeRunningStatistics} write the results out under the same
 * names, so the DL4J graph stays the one store that checkpoints, averaging and export read.
 *
 * <p>Not thread-safe: one step at a time.
 */
public final class ChannelsLastNetwork {
  private static final String[] BN_STATISTICS = {"running_mean", "running_var"};

  private final ChannelsLastBackbone backbone;
  private final ChannelsLastHead head;
  private final ChannelsLastLoss loss;
  private final NhwcArray input;
  private final List<NhwcArray> branchGradients = new ArrayList<>();

  private ChannelsLastNetwork(HrnetSpec spec, int batch, int height, int width, SegmentationCriterion criterion) {
    backbone = new ChannelsLastBackbone(spec, batch, height, width);
    head = ChannelsLastHead.of(spec, batch, height, width);
    loss = new ChannelsLastLoss(criterion, head.newLogitsShaped());
    input = backbone.newInput();
    for (int b = 0; b < backbone.branches(); b++) {
      branchGradients.add(head.branchGradient(b));
    }
  }

  /** A network for batches of {@code batch} images of {@code height}×{@code width}, scored by {@code criterion}. */
  public static ChannelsLastNetwork build(HrnetSpec spec, int batch, int height, int width,
      SegmentationCriterion criterion) {
    return new ChannelsLastNetwork(spec, batch, height, width, criterion);
  }

  /**
   * Checks that this network and a state_dict's names are the same set, naming the first
   * differences: a mismatch means the two wirings disagree, and a step would silently leave some
   * parameter untrained.
   */
  public void requireSameNames(Set<String> stateDictNames) {
    Set<String> ours = names();
    Set<String> missing = new LinkedHashSet<>(stateDictNames);
    missing.removeAll(ours);
    Set<String> extra = new LinkedHashSet<>(ours);
    extra.removeAll(stateDictNames);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException("the channels-last network and the model disagree on parameters: "
          + missing.size() + " only in the model " + first(missing) + ", " + extra.size() + " only in the network "
          + first(extra));
    }
  }

  /** Copies every weight, γ, β and running statistic in from {@code stateDict} (live views are fine). */
  public void load(Map<String, INDArray> stateDict) {
    for (ConvBnReluUnit u : backbone.units()) {
      u.setPlainWeights(required(stateDict, u.name + ".weight"));
      copyInto(required(stateDict, u.bnName + ".weight"), u.gamma);
      copyInto(required(stateDict, u.bnName + ".bias"), u.beta);
      copyInto(required(stateDict, u.bnName + ".running_mean"), u.runningMean);
      copyInto(required(stateDict, u.bnName + ".running_var"), u.runningVariance);
    }
    head.loadStateDict(stateDict);
  }

  /**
   * Forward in training mode (batch statistics, running statistics updated here, not yet in the
   * model), the loss, and the backward pass.
   *
   * @param images float32 [N, 3, H, W], normalised
   * @param labels [N, H, W] class indices with the criterion's ignore label
   * @return the batch's loss
   */
  public double step(INDArray images, INDArray labels) {
    input.copyFromNchw(images);
    List<NhwcArray> branches = backbone.forward(input);
    head.forward(branches.toArray(NhwcArray[]::new));
    double value = loss.compute(head.logits(), labels).loss();
    if (!Double.isFinite(value)) {
      return value;
    }
    head.backward(loss.gradient());
    backbone.backward(branchGradients);
    return value;
  }

  /**
   * Makes every backbone convolution's {@link #step} write its weight gradient straight into its
   * slot of {@code slots} (by state_dict name; views of the model's flat gradient vector): no
   * per-unit gradient array and no copy in {@link #storeGradients}. The slots must stay valid for
   * as long as this network steps.
   */
  public void bindWeightGradients(Map<String, INDArray> slots) {
    for (ConvBnReluUnit u : backbone.units()) {
      u.bindWeightGradient(required(slots, u.name + ".weight"));
    }
  }

  /**
   * Writes every trainable tensor's gradient of the last {@link #step} into {@code slots}, by
   * state_dict name (a convolution bound to its slot by {@link #bindWeightGradients} already wrote it).
   */
  public void storeGradients(Map<String, INDArray> slots) {
    for (ConvBnReluUnit u : backbone.units()) {
      u.plainWeightGradientInto(required(slots, u.name + ".weight"));
      copyOut(u.gammaGradient, required(slots, u.bnName + ".weight"));
      copyOut(u.betaGradient, required(slots, u.bnName + ".bias"));
    }
    for (Map.Entry<String, INDArray> e : head.gradients().entrySet()) {
      INDArray slot = required(slots, e.getKey());
      slot.assign(e.getValue().reshape(slot.shape()));
    }
  }

  /** Writes the BN running statistics the last {@link #step} left into {@code stateDict}'s tensors. */
  public void storeRunningStatistics(Map<String, INDArray> stateDict) {
    for (ConvBnReluUnit u : backbone.units()) {
      copyOut(u.runningMean, required(stateDict, u.bnName + ".running_mean"));
      copyOut(u.runningVariance, required(stateDict, u.bnName + ".running_var"));
    }
    for (Map.Entry<String, INDArray> e : head.stateDict().entrySet()) {
      for (String statistic : BN_STATISTICS) {
        if (e.getKey().endsWith("." + statistic)) {
          INDArray slot = required(stateDict, e.getKey());
          slot.assign(e.getValue().reshape(slot.shape()));
        }
      }
    }
  }

  /** Bytes of native memory the backbone and head hold (not oneDNN's scratch, not the loss's arrays). */
  public long nativeBytes() {
    return backbone.nativeBytes() + head.nativeBytes();
  }

  private Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (ConvBnReluUnit u : backbone.units()) {
      out.add(u.name + ".weight");
      for (String t : new String[]{"weight", "bias", "running_mean", "running_var"}) {
        out.add(u.bnName + "." + t);
      }
    }
    out.addAll(head.stateDict().keySet());
    return out;
  }

  private static INDArray required(Map<String, INDArray> tensors, String name) {
    INDArray t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "' for the channels-last network");
    }
    return t;
  }

  private static void copyInto(INDArray from, float[] into) {
    if (from.length() != into.length) {
      throw new IllegalArgumentException("expected " + into.length + " values, got " + from.length());
    }
    float[] values = from.reshape(from.length()).toFloatVector();
    System.arraycopy(values, 0, into, 0, into.length);
  }

  private static void copyOut(float[] from, INDArray slot) {
    slot.assign(Nd4j.createFromArray(from).reshape(slot.shape()));
  }

  private static String first(Set<String> names) {
    return names.stream().limit(5).toList().toString();
  }
}
