package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.junit.jupiter.api.Test;

class TensorBoardDirTest {
  private static final Instant START = Instant.parse("2026-03-04T05:06:59Z");

  @Test
  void followsTheReferenceLayoutUnderLogDir() {
    ExperimentConfig c = ExperimentConfig.defaults().withOverrides(List.of("LOG_DIR", "gs://bucket/log/", "DATASET.DATASET", "camvid"));
    assertEquals("gs://bucket/log/camvid/seg_hrnet/defaults_2026-03-04-05-06", TensorBoardDir.of(c, START));
  }

  @Test
  void withoutLogDirStaysBesideTheOutputs() {
    ExperimentConfig c = ExperimentConfig.defaults().withOverrides(List.of("OUTPUT_DIR", "/runs"));
    assertEquals("/runs/cityscapes/defaults/tensorboard/defaults_2026-03-04-05-06", TensorBoardDir.of(c, START));
  }
}
