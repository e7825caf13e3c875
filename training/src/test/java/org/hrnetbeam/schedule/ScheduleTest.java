package org.hrnetbeam.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static ExperimentConfig config(String... overrides) {
    return ExperimentConfig.defaults().withOverrides(List.of(overrides));
  }

  @Test
  void epochItersFollowTheReferenceForCityscapes() {
    // Cityscapes train: 2975 images, 3 per GPU on 4 GPUs -> 247 iterations, 484 epochs.
    Schedule s = Schedule.from(config("TRAIN.BATCH_SIZE_PER_GPU", "3", "GPUS", "(0,1,2,3)"), 2975, 0);
    assertEquals(247, s.main().epochIters());
    assertEquals(484L * 247, s.main().maxIterations());
    assertEquals(484, s.totalEpochs());
  }

  @Test
  void trainWorkersOverridesTheGpuCount() {
    Schedule s = Schedule.from(config("TRAIN.BATCH_SIZE_PER_GPU", "2", "GPUS", "(0,1,2,3)",
        "PIPELINE.TRAIN_WORKERS", "2"), 101, 0);
    assertEquals(25, s.main().epochIters());
    assertEquals(2, Schedule.workers(config("PIPELINE.TRAIN_WORKERS", "2")));
    assertEquals(1, Schedule.workers(config()));
  }

  @Test
  void stepsZeroAndOneBothUseTheBaseRateThenTheCurveLagsOneStep() {
    Schedule s = new Schedule(new Phase("main", 0.01, 2, 10), new Phase("extra", 0.001, 0, 0));
    assertEquals(0.01, s.lrForStep(0, 0), 0);
    assertEquals(0.01, s.lrForStep(0, 1), 0);
    assertEquals(PolyDecay.lr(0.01, 1, 20), s.lrForStep(0, 2), 0);
    // Epoch 1 continues the global count: its step 0 is global step 10, using poly(9).
    assertEquals(PolyDecay.lr(0.01, 9, 20), s.lrForStep(1, 0), 0);
    // The last step runs at poly(18): the curve never reaches 0 during training.
    assertEquals(PolyDecay.lr(0.01, 18, 20), s.lrForStep(1, 9), 0);
    assertTrue(s.lrForStep(1, 9) > 0);
    // What the reference sets (and prints) after a step is the next step's rate.
    for (int e = 0; e < 2; e++) {
      for (int i = 0; i < 10; i++) {
        double after = s.lrAfterStep(e, i);
        assertEquals(PolyDecay.lr(0.01, e * 10 + i, 20), after, 0);
        if (e * 10 + i + 1 < 20) {
          int ne = (e * 10 + i + 1) / 10;
          assertEquals(after, s.lrForStep(ne, (e * 10 + i + 1) % 10), 0, "step after " + e + "/" + i);
        }
      }
    }
  }

  @Test
  void extraPhaseHasItsOwnCurveAndStartsAtTheRateTheMainPhaseLeft() {
    Schedule s = Schedule.from(config("TRAIN.BATCH_SIZE_PER_GPU", "2", "TRAIN.END_EPOCH", "3",
        "TRAIN.EXTRA_EPOCH", "2", "TRAIN.LR", "0.01", "TRAIN.EXTRA_LR", "0.001"), 20, 9);
    assertEquals(10, s.main().epochIters());
    assertEquals(4, s.extra().epochIters());
    assertEquals(5, s.totalEpochs());
    assertSame(s.main(), s.phaseOf(2));
    assertSame(s.extra(), s.phaseOf(3));
    assertEquals(0, s.epochInPhase(3));
    assertEquals(1, s.epochInPhase(4));
    assertEquals(4, s.itersInEpoch(4));
    // First extra step: the main phase's last set rate, poly(0.01, 29 of 30), not EXTRA_LR.
    assertEquals(PolyDecay.lr(0.01, 29, 30), s.lrForStep(3, 0), 0);
    assertEquals(0.001, s.lrForStep(3, 1), 0);
    assertEquals(PolyDecay.lr(0.001, 4, 8), s.lrForStep(4, 1), 0);
    assertEquals(PolyDecay.lr(0.001, 7, 8), s.lrAfterStep(4, 3), 0);
    // 30 main + 8 extra steps: after the very first, 37 remain; after the last, none.
    assertEquals(37, s.stepsRemainingAfter(0, 0));
    assertEquals(8, s.stepsRemainingAfter(2, 9));
    assertEquals(0, s.stepsRemainingAfter(4, 3));
  }

  @Test
  void badEpochsAndIterationsAreRefusedNamingTheRange() {
    Schedule s = new Schedule(new Phase("main", 0.01, 2, 10), new Phase("extra", 0.001, 0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.lrForStep(2, 0));
    assertTrue(e.getMessage().contains("TRAIN.END_EPOCH 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.lrForStep(1, 10));
    assertTrue(e.getMessage().contains("iteration 10"), e.getMessage());
  }

  @Test
  void aTrainingSetSmallerThanOneGlobalBatchIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Schedule.from(config("TRAIN.BATCH_SIZE_PER_GPU", "8", "GPUS", "(0,1)"), 15, 0));
    assertTrue(e.getMessage().contains("smaller than one global batch"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Schedule.from(config("TRAIN.BATCH_SIZE_PER_GPU", "8", "TRAIN.EXTRA_EPOCH", "1"), 100, 3));
    assertTrue(e.getMessage().contains("EXTRA_TRAIN_SET"), e.getMessage());
  }
}
