/**
 * Inference geometry of the reference's test-time evaluation ({@code multi_scale_inference} and
 * {@code inference} of HRNet-Semantic-Segmentation, HRNet-OCR branch, Cityscapes dataset class),
 * independent of any particular model. In: a normalised image as {@link org.hrnetbeam.inference.Planes}
 * (see {@link org.hrnetbeam.inference.ImageNormalizer}), {@link org.hrnetbeam.inference.InferenceSettings}
 * from the TEST section of the config, and a forward function (NCHW image → logits at any size, 1/4
 * for HRNet). Out: class scores at the original size (the sum over scales of exp(logits)) and the
 * per-pixel argmax as class indices. {@link org.hrnetbeam.inference.BatchPredictions} is the cheaper
 * rule of validation during training (resize logits to the label size, argmax);
 * {@link org.hrnetbeam.inference.LogitUpsampling} is the upsampling of logits both use, fused with
 * what consumes it (flip mean, exp, window sum, argmax) so no full-size logit map is made;
 * {@link org.hrnetbeam.inference.RowKernels} picks the kernel of their inner row loops (the Vector API
 * one when the JVM has {@code --add-modules jdk.incubator.vector}, else the scalar one; the same
 * floats either way). {@link org.hrnetbeam.inference.EvaluationBenchmark} measures how much all this
 * adds to the forward passes, {@link org.hrnetbeam.inference.PostProcessingBenchmark} which step of
 * it costs what.
 */
package org.hrnetbeam.inference;
