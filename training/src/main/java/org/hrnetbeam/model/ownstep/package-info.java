/**
 * A train step of our own, outside DL4J's {@code ComputationGraph.fit}: a prototype, not yet used by
 * the product (no stage, command or model file reaches it).
 * In: a float32 input batch laid out channels last ([N, H, W, C]) and a fixed gradient of the last
 * activation. Out: the forward activations, the gradients of every convolution weight and batch-norm
 * γ, β, the running statistics, and the weights after a plain SGD update, all in arrays that are
 * allocated once and reused from step to step.
 * Why: docs/PERFORMANCE.md ("The reference re-measured beside ours") found DL4J's own per-op work
 * and libnd4j's reorders to be most of the gap to the reference's train step; here every activation
 * and gradient stays channels last, convolutions go through {@link org.hrnetbeam.model.dnnl.DirectConv}
 * (oneDNN's primitives built once), and batch norm, ReLU and sums are Java passes over both cores
 * ({@link ChannelsLastPasses}, inner loops vectorised by a {@link PixelKernel} where the JVM allows).
 * Covered so far: HRNet's stem and one basic block ({@link StemAndBlockChain}), the stage-1
 * bottleneck block with its downsample path ({@link BottleneckChain}), and one fuse path from a
 * lower-resolution branch to a higher one ({@link FuseUpStep}: 1×1 conv + BN, the bilinear upsample
 * of {@link ChannelsLastResize}, sum, ReLU), and a whole fuse layer for any number of
 * branches ({@link FuseLayer}: 1×1 conv + BN + upsample from each lower branch, chains of strided 3×3
 * conv + BN from each higher one, sums, ReLUs; stages 2–4), and the transition layer between
 * stages ({@link TransitionLayer}), and the segmentation head with the product's loss
 * ({@link ChannelsLastHead}: upsample, concatenation, biased 1×1 conv, BN + ReLU, biased classifier,
 * parameters by state_dict name; {@link ChannelsLastLoss}: the product's criterion on channels-last
 * logits). Each convolution's weights
 * stay in oneDNN's forward layout between steps ({@link ConvBnReluUnit}).
 * The whole backbone for any {@code MODEL.EXTRA} ({@link ChannelsLastBackbone}: stem, {@link ResidualBlock}s,
 * transitions and fuse layers reading each other's arrays, units named by state_dict module, per-call
 * arrays shared by shape through {@link SharedGradients}) is checked against the product's own graph
 * without its head ({@link BackboneGraph}).
 * In the product's step ({@link ChannelsLastNetwork}) each backbone convolution writes its weight
 * gradient straight into its view of the graph's flat gradient vector (no gradient array of its own).
 */
package org.hrnetbeam.model.ownstep;
