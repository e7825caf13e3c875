package org.hrnetbeam.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with momentum, weight decay and the Nesterov switch, computed as {@code torch.optim.SGD}
 * does (dampening 0), over the graph's flat parameter vector:
 * <pre>
 *   d   = g + wd·p
 *   buf = μ·buf + d          (buf starts at 0, so the first step stores d, as PyTorch's clone does)
 *   p  -= lr·k · (nesterov ? d + μ·buf : buf)
 * </pre>
 * k is 1 for backbone parameters and NONBACKBONE_MULT for the others ({@link ParameterGroups}).
 *
 * <p>Why not a DL4J updater: DL4J has no heavy-ball momentum at all ({@code Sgd} has none), which
 * is the reference's default (TRAIN.NESTEROV false); and its {@code Nesterovs} updater folds the learning rate into the buffer
 * ({@code v = μv − lr·g}), so a rate that changes every step (the poly schedule) weighs old
 * gradients by old rates, and its update is {@code μ·v_prev − (1 + μ)·v}, Sutskever's form rather
 * than PyTorch's; it also has no per-group rate multiplier. The two agree only at a constant rate.
 *
 * <p>BN running statistics sit in the same flat vector outside the trainable ranges
 * ({@link ParameterRanges}), so this class never moves them ({@code RunningStatistics.apply} does),
 * and their momentum stays 0. The update runs as one fused pass ({@link FusedSgdPass}) with the same
 * float rounding as the earlier eight-op ND4J form; the only model-sized state is the momentum buffer.
 */
public final class PyTorchSgd {
  private final SgdSettings settings;
  private final FusedSgdPass pass;
  private INDArray buffer;

  /** An optimiser for {@code graph}'s parameters, grouped by {@code groups}, with an empty momentum buffer. */
  public PyTorchSgd(ComputationGraph graph, SgdSettings settings, ParameterGroups groups) {
    this(settings, ParameterRanges.of(graph, groups), graph.params().dataType());
  }

  /** An optimiser over a flat vector with the given per-element rate multipliers and trainable mask (0 or 1). */
  PyTorchSgd(SgdSettings settings, INDArray rateScale, INDArray trainable) {
    this(settings, ParameterRanges.fromPerElement(rateScale, trainable), rateScale.dataType());
  }

  private PyTorchSgd(SgdSettings settings, ParameterRanges ranges, DataType type) {
    this.settings = settings;
    this.pass = new FusedSgdPass(ranges);
    this.buffer = Nd4j.zeros(type, ranges.length());
  }

  /**
   * One step: updates {@code params} in place from {@code gradients} (both the graph's flat
   * vectors, same layout, dense, of the momentum buffer's type) at base rate {@code lr}, in one
   * pass that allocates nothing model-sized.
   */
  public void step(INDArray params, INDArray gradients, double lr) {
    pass.run(params, gradients, buffer, settings, lr);
  }

  /** The momentum buffer (live), in the graph's flat parameter layout: what parameter averaging also averages. */
  public INDArray momentumBuffer() {
    return buffer;
  }

  /** Replaces the momentum buffer (on resume, or after averaging). */
  public void setMomentumBuffer(INDArray values) {
    if (values.length() != buffer.length()) {
      throw new IllegalArgumentException("momentum buffer has " + values.length() + " values, the model has "
          + buffer.length() + " parameters");
    }
    buffer = values.reshape(values.length()).castTo(buffer.dataType()).dup();
  }

  public SgdSettings settings() {
    return settings;
  }
}
