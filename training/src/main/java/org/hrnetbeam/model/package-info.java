/**
 * HRNetV2 for semantic segmentation in DL4J.
 * In: an {@link org.hrnetbeam.model.HrnetSpec} (from MODEL.EXTRA, NUM_CLASSES, ALIGN_CORNERS,
 * PIPELINE.BN_MOMENTUM) and optionally PyTorch-named weights. Out: a ComputationGraph whose layers
 * carry the PyTorch state_dict module names and whose output is logits at 1/4 of the input size,
 * plus a bilinear resize vertex with an exact backward pass (DL4J M2.1 has none) and the in-place
 * ReLU / sum vertices and output-reusing conv layer that keep training memory near the reference's.
 */
package org.hrnetbeam.model;
