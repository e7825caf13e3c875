/**
 * HRNet's train step of our own, outside DL4J's {@code ComputationGraph}: the {@code channels-last}
 * engine of {@code PIPELINE.TRAIN_STEP} (the default on CPU), reached through
 * {@code train/ChannelsLastGradients}.
 * In: the DL4J graph's weights, γ, β and running statistics by state_dict name, a float32 NCHW image
 * batch and its labels. Out: the loss, every parameter's gradient written into the graph's flat
 * gradient vector, and the new running statistics ({@link ChannelsLastNetwork}).
 * Why: DL4J's own per-op work and libnd4j's layout reorders were most of the gap to the reference's
 * train step (docs/PERFORMANCE.md, "The reference re-measured beside ours"). Here every activation
 * and gradient stays channels last in arrays allocated once; convolutions go through
 * {@link org.hrnetbeam.model.dnnl.DirectConv} (oneDNN's primitives built once, weights kept in
 * oneDNN's layout by each {@link ConvBnReluUnit}); batch norm, ReLU, sums and resizes are Java passes
 * over both cores ({@link ChannelsLastPasses}, inner loops vectorised by a {@link PixelKernel} where
 * the JVM allows).
 * Pieces: {@link ChannelsLastBackbone} (stem, {@link ResidualBlock}s, {@link TransitionLayer}s and
 * {@link FuseLayer}s for any {@code MODEL.EXTRA}, per-call arrays shared by shape through
 * {@link SharedGradients}); {@link ChannelsLastHead} (upsample into one concatenation, biased 1×1
 * conv, BN + ReLU, biased classifier); {@link ChannelsLastLoss} (the product's criterion on
 * channels-last logits). Each piece has a parity test against the same layers built by DL4J in
 * float64 ({@link BackboneGraph}, {@link HeadGraph}, {@link FuseLayerGraph}, {@link TransitionGraph}).
 * In the product's step each backbone convolution writes its weight gradient straight into its view
 * of the graph's flat gradient vector (no gradient array of its own).
 */
package org.hrnetbeam.model.ownstep;
