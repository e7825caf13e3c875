package org.hrnetbeam.trainstage;

import java.nio.file.Path;

/**
 * What a finished training stage leaves behind.
 *
 * @param outputDir the run's output folder (checkpoint, train_log.jsonl, config.yaml)
 * @param best the model file with the best validation mIoU
 * @param finalModel the model file after the last epoch
 * @param bestMeanIou that best validation mIoU
 */
public record TrainOutcome(Path outputDir, Path best, Path finalModel, double bestMeanIou) {
}
