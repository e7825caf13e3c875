/**
 * The training stage in Beam. In: an experiment config and the shards prepare wrote (their
 * manifest). Out, in the config's output folder: {@code checkpoint} after every epoch (by
 * {@link org.hrnetbeam.train.TrainingRun}) and after every N-th averaging round (by the pipeline's
 * {@link org.hrnetbeam.trainstage.CheckpointRound}), {@code best}, {@code final},
 * {@code train_log.jsonl} and TensorBoard events.
 *
 * <p>Each epoch is one pipeline ({@link org.hrnetbeam.trainstage.TrainEpoch}): W workers train
 * model replicas on their share of the shards and average parameters, BN statistics and momentum
 * every K iterations ({@link org.hrnetbeam.trainstage.AverageReplicas}, ordered by worker id so
 * every runner gives the same bytes); the rounds are unrolled in the pipeline and chained by
 * singleton side inputs. Replicas stay in a per-JVM cache between rounds
 * ({@link org.hrnetbeam.trainstage.Replicas}) and are rebuilt from the averaged state where
 * absent, each on its own step thread bound to ND4J device worker mod devices. A resumed epoch
 * starts its rounds at the checkpoint's iteration. {@link org.hrnetbeam.trainstage.TrainStage#run}
 * is the entry point.
 */
package org.hrnetbeam.trainstage;
