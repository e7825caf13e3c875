/**
 * Pictures and the evaluation report. In: images, ground-truth and predicted class maps, a
 * {@link org.hrnetbeam.metrics.SegmentationMetrics} and the training log ({@code train_log.jsonl}).
 * Out: colour-coded PNGs in the dataset's palette, side-by-side panels (image | ground truth |
 * prediction), chart PNGs drawn with Java2D (per-class IoU, loss, lr, mIoU) and a {@code report.html}
 * that shows them from files beside it, viewable offline. Run headless ({@code -Djava.awt.headless=true}).
 */
package org.hrnetbeam.report;
