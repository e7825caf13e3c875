package org.hrnetbeam.train;

import org.hrnetbeam.config.ExperimentConfig;

/**
 * The reference optimiser's fixed settings (TRAIN.OPTIMIZER sgd); the learning rate comes from the
 * schedule every step.
 *
 * @param momentum TRAIN.MOMENTUM (0.9): weight of the previous step in the momentum buffer
 * @param weightDecay TRAIN.WD (1e-4; Cityscapes YAMLs 5e-4): L2 term added to every gradient,
 *     BN weights and biases included, as PyTorch's SGD does for all parameters in a group
 * @param nesterov TRAIN.NESTEROV (false): Nesterov's form of the momentum step
 */
public record SgdSettings(double momentum, double weightDecay, boolean nesterov) {
  public SgdSettings {
    if (!(momentum >= 0) || momentum >= 1) {
      throw new IllegalArgumentException("TRAIN.MOMENTUM must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("TRAIN.WD must be >= 0, got " + weightDecay);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("TRAIN.NESTEROV true needs TRAIN.MOMENTUM > 0 (PyTorch refuses it too)");
    }
  }

  public static SgdSettings from(ExperimentConfig config) {
    String optimizer = config.getString("TRAIN.OPTIMIZER");
    if (!"sgd".equals(optimizer)) {
      throw new IllegalArgumentException("TRAIN.OPTIMIZER '" + optimizer + "' is not supported; valid: sgd");
    }
    return new SgdSettings(config.getDouble("TRAIN.MOMENTUM"), config.getDouble("TRAIN.WD"),
        config.getBoolean("TRAIN.NESTEROV"));
  }
}
