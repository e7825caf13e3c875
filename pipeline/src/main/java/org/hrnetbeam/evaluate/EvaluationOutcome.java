package org.hrnetbeam.evaluate;

import java.nio.file.Path;
import org.hrnetbeam.metrics.SegmentationMetrics;

/**
 * What an evaluation produced.
 *
 * @param metricsFile  {@code metrics.json}
 * @param report       {@code report.html}
 * @param meanIou      the reference's mIoU (all classes), a fraction
 * @param metrics      every metric, per class too
 * @param classNames   one name per class
 * @param images       validation images evaluated
 * @param valSetHash   identity of the val set (see {@link EvaluationTally#valSetHash}); only results
 *                     with the same hash are comparable
 * @param model        the model location evaluated
 * @param configHash   hash of the resolved config used
 * @param timing       where the time went (pipeline, scoring, forward passes)
 */
public record EvaluationOutcome(Path metricsFile, Path report, double meanIou, SegmentationMetrics metrics,
    java.util.List<String> classNames, int images, String valSetHash, String model, String configHash, EvaluationTiming timing) {}
