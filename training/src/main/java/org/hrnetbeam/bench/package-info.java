/**
 * Benchmarks: main classes that print timing tables (never timed unit tests).
 * In: a variant name, crop and batch. Out: one Markdown table row of forward / train-step times,
 * throughput, GFLOP/s and peak RSS ({@code ModelBenchmark}), where a train step's memory goes
 * ({@code MemoryBreakdown}), the train-step times of two values of a start-up switch, alternating in
 * one JVM ({@code StepAbBenchmark}), the machine's large-GEMM GFLOP/s ({@code GemmCeiling}), or
 * per-kind convolution times of one train step through libnd4j's ops and through oneDNN directly
 * ({@code ConvKernelBenchmark}), or pieces of the channels-last train step beside DL4J's
 * {@code fit} of the same layers: the whole backbone ({@code OwnBackboneBenchmark}), one fuse or
 * transition layer ({@code OwnFuseLayerBenchmark}), the segmentation head with the product's loss
 * ({@code OwnHeadBenchmark});
 * recorded in docs/PERFORMANCE.md.
 */
package org.hrnetbeam.bench;
