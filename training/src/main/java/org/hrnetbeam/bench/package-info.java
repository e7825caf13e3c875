/**
 * Benchmarks: main classes that print timing tables (never timed unit tests).
 * In: a variant name, crop and batch. Out: one Markdown table row of forward / train-step times,
 * throughput, GFLOP/s and peak RSS ({@code ModelBenchmark}), where a train step's memory goes
 * ({@code MemoryBreakdown}), the train-step times of two values of a start-up switch, alternating in
 * one JVM ({@code StepAbBenchmark}), or the machine's large-GEMM GFLOP/s ({@code GemmCeiling});
 * recorded in docs/PERFORMANCE.md.
 */
package org.hrnetbeam.bench;
