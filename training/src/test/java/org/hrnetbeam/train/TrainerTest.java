package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.Batch;
import org.hrnetbeam.data.DataSettings;
import org.hrnetbeam.data.Prefetcher;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.data.TrainingData;
import org.hrnetbeam.model.HrnetModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/** Single steps of one worker on the synthetic shards. */
class TrainerTest {
  @TempDir
  Path tmp;

  private Trainer trainer(ExperimentConfig config, ShardManifest manifest, StepEngine engine) {
    RunSettings s = RunSettings.from(config, manifest, 7);
    return new Trainer(HrnetModel.create(s.spec(), 7, new NoOp(), s.loss().layer()), s.sgd(), s.groups(), engine);
  }

  private static Batch firstBatch(ShardManifest manifest, ExperimentConfig config) {
    try (Prefetcher p = TrainingData.open(manifest, "train", DataSettings.training(config, 7), 0, 1, 0, 1)) {
      return p.next();
    }
  }

  @ParameterizedTest
  @EnumSource(StepEngine.class)
  void lossFallsOverRepeatedStepsOnOneBatch(StepEngine engine) throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    ExperimentConfig config = TrainRunFixture.config(tmp.resolve("out"));
    Trainer trainer = trainer(config, manifest, engine);
    Batch batch = firstBatch(manifest, config);
    double first = trainer.step(batch.images(), batch.labels(), 0.05);
    double last = first;
    for (int i = 0; i < 5; i++) {
      last = trainer.step(batch.images(), batch.labels(), 0.05);
    }
    assertTrue(first > Math.log(3) * 0.8, "untrained loss should be near ln 3, got " + first);
    assertTrue(last < 0.7 * first, "loss should fall by 30% in 6 steps: " + first + " -> " + last);
  }

  @ParameterizedTest
  @EnumSource(StepEngine.class)
  void aNanLossThrowsAndLeavesParametersAndMomentumUntouched(StepEngine engine) throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    ExperimentConfig config = TrainRunFixture.config(tmp.resolve("out"));
    Trainer trainer = trainer(config, manifest, engine);
    Batch batch = firstBatch(manifest, config);
    trainer.step(batch.images(), batch.labels(), 0.05);
    INDArray params = trainer.parameters().dup();
    INDArray momentum = trainer.momentumBuffer().dup();
    INDArray poisoned = batch.images().dup();
    poisoned.putScalar(new long[]{0, 0, 5, 5}, Float.NaN);
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> trainer.step(poisoned, batch.labels(), 0.05));
    assertTrue(Double.isNaN(e.loss()), e.getMessage());
    assertEquals(params, trainer.parameters());
    assertEquals(momentum, trainer.momentumBuffer());
  }
}
