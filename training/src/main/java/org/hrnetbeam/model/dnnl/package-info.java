/**
 * Convolutions through oneDNN's own API (the JavaCPP preset {@code org.bytedeco:dnnl}), not through
 * libnd4j's {@code conv2d} ops.
 * In: float32 ND4J arrays of NCHW shape with any strides (dense NCHW, or channels-last views), DL4J's
 * [oC, iC, kH, kW] weights. Out: the convolution's output, input gradient, weight and bias gradients,
 * written into the arrays the caller passes.
 * Why: libnd4j re-creates its primitives on every call and reorders every NCHW array into oneDNN's
 * preferred layout and back; here the primitives are built once per geometry for channels-last
 * activations, and only arrays that are not already channels last are reordered.
 * Used by {@code bench.ConvKernelBenchmark} and the prototype {@code model.ownstep}, not (yet) by the
 * model: with the model's NCHW neighbours it saved nothing there (docs/PERFORMANCE.md,
 * "Convolutions through oneDNN's own API").
 */
package org.hrnetbeam.model.dnnl;
