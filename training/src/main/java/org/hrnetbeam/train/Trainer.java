package org.hrnetbeam.train;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's optimiser steps on one model replica: forward and backward through the graph's
 * output layer (the configured criterion) by the chosen {@link StepEngine}, the BN running
 * statistics as PyTorch updates them, then {@link PyTorchSgd}. It knows nothing of epochs or files, so a single-process loop
 * ({@link TrainingRun}) and a Beam worker can both drive it; for parameter averaging, read and
 * replace {@link #parameters()} and {@link #momentumBuffer()}.
 */
public final class Trainer {
  private final HrnetModel model;
  private final PyTorchSgd sgd;
  private final StepGradients gradients;
  /** The input shape whose size {@link #largeStep} was decided for (crops are fixed within a run). */
  private long[] sizedShape;
  private boolean largeStep;

  /** A trainer with an empty momentum buffer whose gradients come from DL4J's own backward pass. */
  public Trainer(HrnetModel model, SgdSettings settings, ParameterGroups groups) {
    this(model, settings, groups, StepEngine.DL4J);
  }

  /** A trainer with an empty momentum buffer; the model's graph must carry the run's loss layer. */
  public Trainer(HrnetModel model, SgdSettings settings, ParameterGroups groups, StepEngine engine) {
    this.model = model;
    this.sgd = new PyTorchSgd(model.graph(), settings, groups);
    this.gradients = engine.gradientsFor(model);
  }

  /**
   * One step at base rate {@code lr} (the schedule's {@code lrForStep}).
   *
   * @param images float32 [N, 3, H, W], normalised
   * @param labels [N, H, W] class indices with the ignore label
   * @return the batch's loss, before the step
   * @throws NonFiniteLossException when the loss is NaN or infinite; nothing is updated then
   */
  public double step(INDArray images, INDArray labels, double lr) {
    ComputationGraph graph = model.graph();
    try (TrainStepHeap.Step heap = TrainStepHeap.enter(isLargeStep(images.shape()))) {
      double loss = gradients.compute(images, labels);
      if (!Double.isFinite(loss)) {
        gradients.release();
        throw new NonFiniteLossException("loss is " + loss, loss);
      }
      gradients.updateRunningStatistics();
      sgd.step(graph.params(), graph.getFlattenedGradients(), lr);
      gradients.release();
      return loss;
    }
  }

  private boolean isLargeStep(long[] shape) {
    if (!Arrays.equals(shape, sizedShape)) {
      largeStep = TrainStepHeap.isLarge(TrainStepHeap.activationBytes(model.graph().getConfiguration(), shape));
      sizedShape = shape.clone();
    }
    return largeStep;
  }

  public HrnetModel model() {
    return model;
  }

  /** The graph's flat parameter vector (live), BN running statistics included. */
  public INDArray parameters() {
    return model.graph().params();
  }

  /** The momentum buffer (live), same layout as {@link #parameters()}. */
  public INDArray momentumBuffer() {
    return sgd.momentumBuffer();
  }

  /** Replaces the momentum buffer (resume, or the average of the workers' buffers). */
  public void setMomentumBuffer(INDArray values) {
    sgd.setMomentumBuffer(values);
  }
}
