package org.hrnetbeam.evaluate;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Sums per-image confusion matrices into one {@link EvaluationTally}: the metric accumulator as a CombineFn. */
public final class SumConfusion extends Combine.CombineFn<ImageScore, EvaluationTally, EvaluationTally> {
  private final int numClasses;
  private final int ignoreLabel;

  public SumConfusion(int numClasses, int ignoreLabel) {
    this.numClasses = numClasses;
    this.ignoreLabel = ignoreLabel;
  }

  @Override
  public EvaluationTally createAccumulator() {
    return EvaluationTally.empty(numClasses, ignoreLabel);
  }

  @Override
  public EvaluationTally addInput(EvaluationTally tally, ImageScore score) {
    return tally.add(score);
  }

  @Override
  public EvaluationTally mergeAccumulators(Iterable<EvaluationTally> tallies) {
    EvaluationTally sum = createAccumulator();
    for (EvaluationTally t : tallies) {
      sum.merge(t);
    }
    return sum;
  }

  @Override
  public EvaluationTally extractOutput(EvaluationTally tally) {
    return tally;
  }

  @Override
  public Coder<EvaluationTally> getAccumulatorCoder(CoderRegistry registry, Coder<ImageScore> inputCoder)
      throws CannotProvideCoderException {
    return SerializableCoder.of(EvaluationTally.class);
  }

  @Override
  public Coder<EvaluationTally> getDefaultOutputCoder(CoderRegistry registry, Coder<ImageScore> inputCoder)
      throws CannotProvideCoderException {
    return SerializableCoder.of(EvaluationTally.class);
  }
}
