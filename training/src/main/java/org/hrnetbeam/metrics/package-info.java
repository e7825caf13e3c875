/**
 * Segmentation metrics as an accumulator. In: predicted and ground-truth class maps (flat int
 * arrays, one per image or crop). Out: a {@link org.hrnetbeam.metrics.ConfusionMatrix} that adds,
 * merges (it is the accumulator of a Beam {@code CombineFn} and of training-time validation alike)
 * and finishes into {@link org.hrnetbeam.metrics.SegmentationMetrics}: per-class IoU, mIoU as the
 * reference computes it and as mmsegmentation does, pixel and mean accuracy, as a JSON-ready map.
 */
package org.hrnetbeam.metrics;
