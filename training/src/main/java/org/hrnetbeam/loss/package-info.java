/**
 * Segmentation losses as the reference defines them. In: raw logits at 1/4 resolution and
 * full-resolution labels. Out: the loss value and its gradient w.r.t. the logits
 * ({@link org.hrnetbeam.loss.CrossEntropy2d}, or {@link org.hrnetbeam.loss.OhemCrossEntropy2d} with LOSS.USE_OHEM;
 * {@link org.hrnetbeam.loss.LossSettings} picks one and the class weights from the config), applied inside the DL4J graph by its output layer
 * ({@link org.hrnetbeam.loss.SegmentationLossLayer}) so that {@code fit} trains with it. Both criteria
 * share one fused pass over the pixels ({@link org.hrnetbeam.loss.UpsampledSoftmax}: upsampling,
 * softmax and gradient a row at a time).
 */
package org.hrnetbeam.loss;
