/**
 * The training loop. In: a {@link org.hrnetbeam.train.RunSettings} (typed from the config), a
 * {@link org.hrnetbeam.schedule.Schedule} and the shards' manifest. Out: in the output directory,
 * {@code checkpoint} after every epoch and every N-th averaging round inside one (weights, momentum,
 * epoch, iteration, step, best mIoU, the epoch's losses so far: {@link org.hrnetbeam.train.TrainingState},
 * {@link org.hrnetbeam.train.RoundCheckpoints}), {@code best}, {@code final}, {@code train_log.jsonl}
 * and TensorBoard events.
 *
 * <p>{@link org.hrnetbeam.train.Trainer} is one worker's steps (forward/backward, BN statistics,
 * {@link org.hrnetbeam.train.PyTorchSgd}) with no notion of epochs or files, for a Beam worker to
 * drive; {@link org.hrnetbeam.train.TrainingRun} is the epoch loop around it (resume, validation,
 * checkpoint, logs), with the epoch itself behind {@link org.hrnetbeam.train.EpochTrainer}:
 * {@link org.hrnetbeam.train.InProcessEpochs} (one worker here) or the Beam stage's workers, both
 * stepping through {@link org.hrnetbeam.train.ReplicaSteps} on an {@link org.hrnetbeam.train.EpochWork}.
 * {@link org.hrnetbeam.train.DevicePlacement} maps a worker to its ND4J device (worker mod devices).
 * {@link org.hrnetbeam.train.TrainStepBenchmark} times a step against DL4J's own {@code fit};
 * {@link org.hrnetbeam.train.SgdStepBenchmark} times the optimiser's fused pass against the earlier
 * ND4J form ({@link org.hrnetbeam.train.Nd4jSgdBaseline}) on a variant's real parameter layout.
 *
 * <p>{@link org.hrnetbeam.train.TrainStepHeap} (through {@link org.hrnetbeam.train.GlibcHeap}) fixes
 * glibc's mmap threshold while a large model's step runs, so the gradients ND4J allocates outside its
 * workspaces are unmapped when freed instead of piling up as free arena pages (W48 at 512×1024:
 * peak RSS 11.4 → 8.6 GiB); small models' steps keep glibc's defaults.
 */
package org.hrnetbeam.train;
