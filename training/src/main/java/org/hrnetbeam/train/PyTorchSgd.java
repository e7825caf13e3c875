package org.hrnetbeam.train;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.schedule.ParameterGroups;
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
 * <p>BN running statistics sit in the same flat vector; their scale is 0 here, so this class never
 * moves them ({@code RunningStatistics.apply} does).
 */
public final class PyTorchSgd {
  private final SgdSettings settings;
  /** Per element: 0 for BN running statistics, else the group's rate multiplier. */
  private final INDArray rateScale;
  /** Per element: 0 for BN running statistics, else 1; keeps their "gradients" out of the buffer. */
  private final INDArray trainable;
  private INDArray buffer;
  /** Two work vectors kept between steps, so a step allocates nothing (W48: 263 MB each). */
  private final INDArray direction;
  private final INDArray scratch;

  /** An optimiser for {@code graph}'s parameters, grouped by {@code groups}, with an empty momentum buffer. */
  public PyTorchSgd(ComputationGraph graph, SgdSettings settings, ParameterGroups groups) {
    this(settings, perElement(graph, groups, false), perElement(graph, groups, true));
  }

  /** An optimiser over a flat vector with the given per-element rate multipliers and trainable mask. */
  PyTorchSgd(SgdSettings settings, INDArray rateScale, INDArray trainable) {
    if (rateScale.length() != trainable.length()) {
      throw new IllegalArgumentException(rateScale.length() + " rate multipliers for " + trainable.length() + " elements");
    }
    this.settings = settings;
    this.rateScale = rateScale.reshape(rateScale.length());
    this.trainable = trainable.reshape(trainable.length());
    this.buffer = Nd4j.zeros(rateScale.dataType(), rateScale.length());
    this.direction = buffer.ulike();
    this.scratch = buffer.ulike();
  }

  /**
   * One step: updates {@code params} in place from {@code gradients} (both the graph's flat
   * vectors, same layout) at base rate {@code lr}.
   */
  public void step(INDArray params, INDArray gradients, double lr) {
    INDArray p = params.reshape(params.length());
    INDArray d = direction.assign(gradients.reshape(gradients.length())).muli(trainable);
    if (settings.weightDecay() != 0) {
      d.addi(scratch.assign(p).muli(trainable).muli(settings.weightDecay()));
    }
    buffer.muli(settings.momentum()).addi(d);
    INDArray move = settings.nesterov() ? scratch.assign(buffer).muli(settings.momentum()).addi(d)
        : scratch.assign(buffer);
    p.subi(move.muli(rateScale).muli(lr));
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

  /**
   * A vector in the graph's flat layout with each parameter's value filled in: written through
   * the graph's own parameter views into a scratch copy, so no layout offsets are computed here.
   */
  private static INDArray perElement(ComputationGraph graph, ParameterGroups groups, boolean mask) {
    INDArray saved = graph.params().dup();
    try {
      graph.params().assign(0.0);
      for (Map.Entry<String, INDArray> e : ParameterNames.named(graph).entrySet()) {
        String name = e.getKey();
        boolean buffer = ParameterNames.BUFFER_SUFFIXES.contains(name.substring(name.lastIndexOf('.') + 1));
        e.getValue().assign(buffer ? 0.0 : mask ? 1.0 : groups.multiplier(name));
      }
      return graph.params().reshape(graph.params().length()).dup();
    } finally {
      graph.params().assign(saved);
    }
  }
}
