package org.hrnetbeam.train;

import java.util.Arrays;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.RunningStatistics;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's optimiser steps on one model replica: forward and backward through the graph's
 * output layer (the configured criterion), the BN running statistics as PyTorch updates them,
 * then {@link PyTorchSgd}. It knows nothing of epochs or files, so a single-process loop
 * ({@link TrainingRun}) and a Beam worker can both drive it; for parameter averaging, read and
 * replace {@link #parameters()} and {@link #momentumBuffer()}.
 */
public final class Trainer {
  private final HrnetModel model;
  private final PyTorchSgd sgd;
  /** The input shape whose size {@link #largeStep} was decided for (crops are fixed within a run). */
  private long[] sizedShape;
  private boolean largeStep;

  /** A trainer with an empty momentum buffer; the model's graph must carry the run's loss layer. */
  public Trainer(HrnetModel model, SgdSettings settings, ParameterGroups groups) {
    this.model = model;
    this.sgd = new PyTorchSgd(model.graph(), settings, groups);
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
    graph.setInputs(images);
    graph.setLabels(labels.castTo(images.dataType()).reshape(labels.size(0), 1, labels.size(1), labels.size(2)));
    try (TrainStepHeap.Step heap = TrainStepHeap.enter(isLargeStep(images.shape()))) {
      graph.computeGradientAndScore();
      double loss = graph.score();
      if (!Double.isFinite(loss)) {
        graph.clearLayersStates();
        throw new NonFiniteLossException("loss is " + loss, loss);
      }
      Gradient gradient = graph.gradient();
      RunningStatistics.apply(graph, gradient, images.shape());
      sgd.step(graph.params(), graph.getFlattenedGradients(), lr);
      graph.clearLayersStates();
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
