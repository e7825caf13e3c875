package org.hrnetbeam.train;

import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.model.HrnetModel;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which code computes a train step's gradients (PIPELINE.TRAIN_STEP); both feed the same SGD and
 * the same DL4J graph holds the weights, so checkpoints, averaging and export do not depend on it.
 */
public enum StepEngine {
  /** DL4J's {@code ComputationGraph} forward and backward pass. */
  DL4J("dl4j"),
  /** Our own channels-last step: oneDNN convolutions, Java passes for the rest, the graph's weights. */
  CHANNELS_LAST("channels-last");

  private final String key;

  StepEngine(String key) {
    this.key = key;
  }

  /** The value of PIPELINE.TRAIN_STEP that selects this engine. */
  public String key() {
    return key;
  }

  public static StepEngine from(ExperimentConfig config) {
    return parse(config.getString("PIPELINE.TRAIN_STEP"));
  }

  /**
   * {@code dl4j}, {@code channels-last}, or {@code auto}: channels-last where ND4J runs on the CPU
   * (the step calls oneDNN's CPU primitives itself), DL4J on a GPU backend.
   */
  public static StepEngine parse(String value) {
    if ("auto".equals(value)) {
      return Nd4j.getEnvironment().isCPU() ? CHANNELS_LAST : DL4J;
    }
    for (StepEngine e : values()) {
      if (e.key.equals(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException("PIPELINE.TRAIN_STEP must be auto, dl4j or channels-last, got '" + value + "'");
  }

  StepGradients gradientsFor(HrnetModel model) {
    return switch (this) {
      case DL4J -> new Dl4jGradients(model.graph());
      case CHANNELS_LAST -> new ChannelsLastGradients(model);
    };
  }
}
