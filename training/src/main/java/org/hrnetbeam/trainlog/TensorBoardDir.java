package org.hrnetbeam.trainlog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.hrnetbeam.config.ExperimentConfig;

/**
 * Where a run's TensorBoard files go, as the reference lays them out:
 * {@code LOG_DIR/<DATASET.DATASET>/<MODEL.NAME>/<cfg name>_<yyyy-MM-dd-HH-mm>}. With LOG_DIR
 * empty the reference writes relative to the working directory; we use
 * {@code <output dir>/tensorboard/<cfg name>_<time>} instead, so a run's logs stay beside its
 * outputs (and reach gs:// when the outputs do). Times are UTC.
 */
public final class TensorBoardDir {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);

  private TensorBoardDir() {}

  /** The folder for a run of {@code config} started at {@code start}, local or gs://. */
  public static String of(ExperimentConfig config, Instant start) {
    String leaf = config.name() + "_" + STAMP.format(start);
    String logDir = config.getString("LOG_DIR");
    if (logDir.isEmpty()) {
      return join(config.outputDir(), "tensorboard/" + leaf);
    }
    return join(logDir, config.getString("DATASET.DATASET") + "/" + config.getString("MODEL.NAME") + "/" + leaf);
  }

  private static String join(String root, String tail) {
    return root.endsWith("/") ? root + tail : root + "/" + tail;
  }
}
