package org.hrnetbeam.trainstage;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * The parameter average of one round (DL4J's Spark parameter-averaging scheme): the element-wise
 * mean of the workers' parameters (BN running statistics included) and momentum buffers, and the
 * mean loss and times of each iteration.
 *
 * <p>Runners merge accumulators in different orders, and a float sum depends on its order, so the
 * accumulator only collects the workers' states; {@link #extractOutput} sums them in worker-id
 * order, which makes the average bit-identical on every runner. With one worker the average is
 * that worker's vectors, copied without arithmetic.
 */
final class AverageReplicas extends CombineFn<RoundState, AverageReplicas.Collected, RoundState> {
  private static final long serialVersionUID = 1L;

  /** The workers' states seen so far, in arrival order. */
  static final class Collected implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<RoundState> states = new ArrayList<>();
  }

  @Override
  public Collected createAccumulator() {
    return new Collected();
  }

  @Override
  public Collected addInput(Collected acc, RoundState input) {
    acc.states.add(input);
    return acc;
  }

  @Override
  public Collected mergeAccumulators(Iterable<Collected> accumulators) {
    Collected merged = new Collected();
    for (Collected c : accumulators) {
      merged.states.addAll(c.states);
    }
    return merged;
  }

  @Override
  public RoundState extractOutput(Collected acc) {
    List<RoundState> states = new ArrayList<>(acc.states);
    if (states.isEmpty()) {
      throw new IllegalStateException("no worker finished the round");
    }
    states.sort(Comparator.comparingInt(RoundState::worker));
    for (int i = 1; i < states.size(); i++) {
      if (states.get(i).worker() == states.get(i - 1).worker()) {
        throw new IllegalStateException("worker " + states.get(i).worker() + " reported the round twice");
      }
    }
    if (states.size() == 1) {
      RoundState only = states.get(0);
      return new RoundState(RoundState.AVERAGE, only.params(), only.momentum(), only.losses(),
          only.iterationNanos(), only.dataNanos());
    }
    int n = states.get(0).losses().length;
    double[] losses = new double[n];
    long[] iteration = new long[n];
    long[] data = new long[n];
    for (int i = 0; i < n; i++) {
      double loss = 0;
      for (RoundState s : states) {
        loss += s.losses()[i];
        iteration[i] += s.iterationNanos()[i];
        data[i] += s.dataNanos()[i];
      }
      losses[i] = loss / states.size();
      iteration[i] /= states.size();
      data[i] /= states.size();
    }
    return new RoundState(RoundState.AVERAGE, mean(states, true), mean(states, false), losses, iteration, data);
  }

  private static float[] mean(List<RoundState> states, boolean params) {
    int length = (params ? states.get(0).params() : states.get(0).momentum()).length;
    float[][] vectors = new float[states.size()][];
    for (int w = 0; w < vectors.length; w++) {
      vectors[w] = params ? states.get(w).params() : states.get(w).momentum();
      if (vectors[w].length != length) {
        throw new IllegalStateException("worker " + states.get(w).worker() + " sent " + vectors[w].length
            + " values, worker " + states.get(0).worker() + " " + length);
      }
    }
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      double sum = 0;
      for (float[] v : vectors) {
        sum += v[i];
      }
      out[i] = (float) (sum / vectors.length);
    }
    return out;
  }

  @Override
  public org.apache.beam.sdk.coders.Coder<Collected> getAccumulatorCoder(CoderRegistry registry,
      org.apache.beam.sdk.coders.Coder<RoundState> inputCoder) throws CannotProvideCoderException {
    return new CollectedCoder(ListCoder.of(new RoundState.Coder()));
  }

  @Override
  public org.apache.beam.sdk.coders.Coder<RoundState> getDefaultOutputCoder(CoderRegistry registry,
      org.apache.beam.sdk.coders.Coder<RoundState> inputCoder) {
    return new RoundState.Coder();
  }

  /** The accumulator as its list of states. */
  static final class CollectedCoder extends org.apache.beam.sdk.coders.CustomCoder<Collected> {
    private static final long serialVersionUID = 1L;
    private final ListCoder<RoundState> list;

    CollectedCoder(ListCoder<RoundState> list) {
      this.list = list;
    }

    @Override
    public void encode(Collected value, java.io.OutputStream out) throws java.io.IOException {
      list.encode(value.states, out);
    }

    @Override
    public Collected decode(java.io.InputStream in) throws java.io.IOException {
      Collected c = new Collected();
      c.states.addAll(list.decode(in));
      return c;
    }
  }
}
