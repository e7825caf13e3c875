package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.CloudStorageConfiguration;
import com.google.cloud.storage.contrib.nio.CloudStorageFileSystem;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The checkpoint file round trip, on gs:// (google-cloud-nio's in-memory fake) as well as locally. */
class TrainingCheckpointTest {
  @TempDir
  Path tmp;

  @Test
  void weightsMomentumAndStateSurviveAGcsRoundTrip() throws IOException {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 4);
    Nd4j.getRandom().setSeed(1);
    INDArray momentum = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, model.graph().params().length());
    // Mid-epoch: 2 iterations of epoch 3 done, with their losses and times.
    TrainingState state = new TrainingState(3, 120, 0.42, 9, "abc",
        EpochProgress.none().then(1.25, 900_000_000L, 1_000L).then(0.1 + 0.2, 800_000_000L, 2_000L));
    try (CloudStorageFileSystem fs = CloudStorageFileSystem.forBucket("ckpt-test", CloudStorageConfiguration.DEFAULT,
        LocalStorageHelper.getOptions())) {
      Path file = fs.getPath("/runs/camvid/x/checkpoint");
      TrainingCheckpoint.save(file, model, momentum, state, Map.of("seed", "9"));
      TrainingCheckpoint.Loaded loaded = TrainingCheckpoint.load(file);
      assertArrayEquals(model.graph().params().toFloatVector(), loaded.model().graph().params().toFloatVector());
      assertArrayEquals(momentum.toFloatVector(), loaded.momentum().toFloatVector());
      assertEquals(state, loaded.state());
      assertEquals(2, loaded.state().nextIteration());
      assertEquals(118, loaded.state().epochStartStep());
    }
  }

  @Test
  void aPlainModelFileIsNotACheckpoint() throws IOException {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 4);
    Path file = tmp.resolve("best");
    ModelFile.save(model, file, false, Map.of());
    IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.load(file));
    assertTrue(e.getMessage().contains("not a training checkpoint"), e.getMessage());
  }
}
