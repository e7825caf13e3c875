package org.hrnetbeam.train;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PyTorchSgd}'s update as it was before {@link FusedSgdPass}: about eight whole-vector ND4J
 * ops per step over per-element rate and trainable vectors, with two work vectors kept between
 * steps (five model-sized float vectors in all: W48 5 × 263 MB). Not used for training; kept as the
 * oracle the fused pass must match bit for bit ({@code FusedSgdBitParityTest}) and as the baseline
 * of {@link SgdStepBenchmark}.
 */
final class Nd4jSgdBaseline {
  private final SgdSettings settings;
  private final INDArray rateScale;
  private final INDArray trainable;
  private final INDArray buffer;
  private final INDArray direction;
  private final INDArray scratch;

  Nd4jSgdBaseline(SgdSettings settings, INDArray rateScale, INDArray trainable) {
    this.settings = settings;
    this.rateScale = rateScale.reshape(rateScale.length());
    this.trainable = trainable.reshape(trainable.length());
    this.buffer = Nd4j.zeros(rateScale.dataType(), rateScale.length());
    this.direction = buffer.ulike();
    this.scratch = buffer.ulike();
  }

  Nd4jSgdBaseline(ComputationGraph graph, SgdSettings settings, ParameterGroups groups) {
    this(settings, perElement(graph, groups, false), perElement(graph, groups, true));
  }

  void step(INDArray params, INDArray gradients, double lr) {
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

  INDArray buffer() {
    return buffer;
  }

  /** Bytes of the model-sized vectors this form keeps: rate multipliers, mask, momentum and two work vectors. */
  long stateBytes() {
    return 5 * buffer.length() * buffer.dataType().width();
  }

  /** Each parameter's value written through the graph's own views into a scratch copy of the flat vector. */
  private static INDArray perElement(ComputationGraph graph, ParameterGroups groups, boolean mask) {
    INDArray saved = graph.params().dup();
    try {
      graph.params().assign(0.0);
      for (Map.Entry<String, INDArray> e : ParameterNames.named(graph).entrySet()) {
        String name = e.getKey();
        boolean statistic = ParameterNames.BUFFER_SUFFIXES.contains(name.substring(name.lastIndexOf('.') + 1));
        e.getValue().assign(statistic ? 0.0 : mask ? 1.0 : groups.multiplier(name));
      }
      return graph.params().reshape(graph.params().length()).dup();
    } finally {
      graph.params().assign(saved);
    }
  }
}
