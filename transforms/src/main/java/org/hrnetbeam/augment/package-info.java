/**
 * Stage 3 of prepare. In: remapped samples. Out: {@link org.hrnetbeam.records.SampleRecord}s: K
 * augmented crops per training image, made exactly as the reference's gen_sample (scale, pad,
 * crop, brightness, flip, label downsampling) with draws derived from (seed, sample id, copy);
 * validation images as they are. Plain Java: the pipeline module's {@code MakeShardRecords} runs
 * it inside Beam, in the same step as ingest and remap.
 */
package org.hrnetbeam.augment;
