package org.hrnetbeam.schedule;

import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;

/**
 * The reference's two parameter groups: a parameter whose PyTorch-style name (e.g.
 * {@code last_layer.0.weight}) contains any TRAIN.NONBACKBONE_KEYWORDS entry trains at
 * LR × TRAIN.NONBACKBONE_MULT; every other parameter, and all of them when the list is empty,
 * at LR. Containment is plain substring matching, as in the reference.
 *
 * <p>Quirk, not reproduced: the reference builds the group with LR × NONBACKBONE_MULT, but its
 * training loop calls {@code adjust_learning_rate} without {@code nbb_mult}, whose default of 10
 * then sets the group's rate after every step. We use NONBACKBONE_MULT throughout; the two agree
 * for the default of 10 and differ only when a config changes it.
 */
public final class ParameterGroups {
  /** A parameter's group. */
  public enum Group { BACKBONE, NON_BACKBONE }

  private final List<String> keywords;
  private final double nonBackboneMult;

  public ParameterGroups(List<String> keywords, double nonBackboneMult) {
    for (String k : keywords) {
      if (k == null || k.isEmpty()) {
        // An empty keyword is contained in every name and would move the whole model.
        throw new IllegalArgumentException("TRAIN.NONBACKBONE_KEYWORDS has an empty entry: " + keywords);
      }
    }
    if (!(nonBackboneMult > 0) || Double.isInfinite(nonBackboneMult)) {
      throw new IllegalArgumentException("TRAIN.NONBACKBONE_MULT must be > 0, got " + nonBackboneMult);
    }
    this.keywords = List.copyOf(keywords);
    this.nonBackboneMult = nonBackboneMult;
  }

  public static ParameterGroups from(ExperimentConfig config) {
    return new ParameterGroups(config.getStringList("TRAIN.NONBACKBONE_KEYWORDS"),
        config.getInt("TRAIN.NONBACKBONE_MULT"));
  }

  /** Whether there is a non-backbone group at all (the reference then has two optimizer groups). */
  public boolean split() {
    return !keywords.isEmpty();
  }

  public Group groupOf(String parameterName) {
    for (String k : keywords) {
      if (parameterName.contains(k)) {
        return Group.NON_BACKBONE;
      }
    }
    return Group.BACKBONE;
  }

  /** The factor on the base rate for this parameter: 1 or NONBACKBONE_MULT. */
  public double multiplier(String parameterName) {
    return groupOf(parameterName) == Group.NON_BACKBONE ? nonBackboneMult : 1.0;
  }

  /** The rate of each optimizer group at base rate {@code lr}: [lr] or [lr, lr × MULT], as the reference logs them. */
  public List<Double> groupRates(double lr) {
    return split() ? List.of(lr, lr * nonBackboneMult) : List.of(lr);
  }

  public List<String> keywords() {
    return keywords;
  }

  public double nonBackboneMult() {
    return nonBackboneMult;
  }
}
