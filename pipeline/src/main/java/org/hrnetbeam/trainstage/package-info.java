/**
 * The training stage in Beam. In: an experiment config and the shards prepare wrote (their
 * manifest). Out, in the config's output folder: {@code checkpoint} after every epoch, {@code best},
 * {@code final}, {@code train_log.jsonl} and TensorBoard events (all by
 * {@link org.hrnetbeam.train.TrainingRun}).
 *
 * <p>Each epoch is one pipeline ({@link org.hrnetbeam.trainstage.TrainEpoch}): W workers train
 * model replicas on their share of the shards and average parameters, BN statistics and momentum
 * every K iterations ({@link org.hrnetbeam.trainstage.AverageReplicas}, ordered by worker id so
 * every runner gives the same bytes); the rounds are unrolled in the pipeline and chained by
 * singleton side inputs. Replicas stay in a per-JVM cache between rounds
 * ({@link org.hrnetbeam.trainstage.Replicas}) and are rebuilt from the averaged state where
 * absent. {@link org.hrnetbeam.trainstage.TrainStage#run} is the entry point.
 */
package org.hrnetbeam.trainstage;
