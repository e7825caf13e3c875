/**
 * Training data in: the prepare stage's shards streamed into batches for the model.
 *
 * <p>In: a shard folder's {@code manifest.json} and its TFRecord shards of tf.train.Example
 * records (local or gs://, optionally GZIP), the run's seed and epoch, the worker's index. Out:
 * {@link org.hrnetbeam.data.Batch}es of normalised float NCHW images and int labels, prepared on
 * a background thread, each with the time the trainer waited for it.
 *
 * <p>Flow: {@link org.hrnetbeam.data.ShardManifest} lists the shards →
 * {@link org.hrnetbeam.data.EpochPlan} picks this worker's shards (w, w+W, …) and orders them by
 * a seeded shuffle of (seed, epoch) → {@link org.hrnetbeam.data.TfRecordStream} streams records →
 * {@link org.hrnetbeam.data.ShuffleBuffer} mixes them in a bounded window →
 * {@link org.hrnetbeam.data.SampleNormalizer} decodes and normalises (on WORKERS threads, in
 * record order) →
 * {@link org.hrnetbeam.data.BatchAssembler} stacks → {@link org.hrnetbeam.data.Prefetcher}
 * runs all of it ahead of the trainer. Memory is bounded by the shuffle buffer and the prefetch
 * queue; the dataset is never held whole. {@link org.hrnetbeam.data.ReadBenchmark} measures the
 * reader's speed and the data wait it leaves.
 */
package org.hrnetbeam.data;
