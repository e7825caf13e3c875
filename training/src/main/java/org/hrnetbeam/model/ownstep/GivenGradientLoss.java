package org.hrnetbeam.model.ownstep;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The loss L = Σ labels ⊙ output, whose gradient with respect to the output is the labels array:
 * with it, DL4J's own {@code fit} / {@code computeGradientAndScore} runs a train step from a given
 * upstream gradient (passed as the labels), as the channels-last pieces' tests do, with
 * DL4J's workspaces and updater in the loop as in the model's training.
 */
public final class GivenGradientLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    return average ? sum / labels.size(0) : sum;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray output = activationFn.getActivation(preOutput.dup(), true);
    INDArray perElement = output.muli(labels);
    if (mask != null) {
      perElement.muliColumnVector(mask.reshape(mask.length(), 1).castTo(perElement.dataType()));
    }
    return perElement.sum(1);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray upstream = labels.castTo(preOutput.dataType());
    if (mask != null) {
      upstream = upstream.mulColumnVector(mask.reshape(mask.length(), 1).castTo(upstream.dataType()));
    }
    return activationFn.backprop(preOutput.dup(), upstream.dup()).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "GivenGradientLoss";
  }

  @Override
  public String toString() {
    return name();
  }
}
