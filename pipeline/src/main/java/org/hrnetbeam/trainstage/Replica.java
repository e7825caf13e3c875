package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.metrics.Metrics;
import org.hrnetbeam.data.Prefetcher;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.data.TrainingData;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.train.DevicePlacement;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.Trainer;
import org.hrnetbeam.trainlog.ProgressTracker;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's model replica for one epoch: the model and {@link Trainer}, the worker's open batch
 * reader, and how far into the epoch it is. Expensive to build, so {@link Replicas} keeps it
 * between rounds in a JVM.
 */
final class Replica implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
  /**
   * Runs the replica's steps. DL4J keeps a step's working memory in workspaces of the calling
   * thread; runners call each round from a thread of their choosing (Flink: a task thread per
   * round that lives until the job ends), so stepping on the caller's thread would strand a
   * step's activations per round (OOM-killed at 10 rounds of 320x240 crops, batch 4) or, freed
   * after each round, rebuild the workspaces every round. One thread per replica keeps them.
   */
  private final ExecutorService stepper;
  final int epoch;
  final Trainer trainer;
  final Prefetcher batches;
  final ProgressTracker progress;
  long nextIteration;

  private Replica(ExecutorService stepper, int epoch, Trainer trainer, Prefetcher batches, ProgressTracker progress,
      long nextIteration) {
    this.stepper = stepper;
    this.epoch = epoch;
    this.trainer = trainer;
    this.batches = batches;
    this.progress = progress;
    this.nextIteration = nextIteration;
  }

  /**
   * Builds worker {@code worker}'s replica positioned at iteration {@code at} of the job's epoch:
   * its step thread, bound to the worker's device ({@link DevicePlacement}: worker mod devices)
   * before it touches ND4J; a new model built on that thread (its weights are replaced by the
   * round's state before any step); and the epoch's reader with the {@code at} batches earlier
   * rounds consumed skipped, so it reads what a replica kept since the epoch's start would read next.
   */
  static Replica build(EpochJob job, int worker, long at) throws IOException {
    ShardManifest manifest = ShardManifest.read(Storage.path(job.shardDir()));
    RunSettings settings = RunSettings.from(job.config(), manifest, job.seed());
    ExecutorService stepper = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "hrnet-replica-steps-" + worker);
      t.setDaemon(true);
      return t;
    });
    Trainer trainer;
    try {
      trainer = stepper.submit(() -> {
        int device = DevicePlacement.attachCurrentThread(worker);
        LOG.info("worker {} replica (epoch {}, from iteration {}) on ND4J device {} of {}", worker,
            job.work().epoch(), at, device, Nd4j.getAffinityManager().getNumberOfDevices());
        HrnetModel model = HrnetModel.create(settings.spec(), job.seed(), new NoOp(), settings.loss().layer());
        return new Trainer(model, settings.sgd(), settings.groups(), settings.stepEngine());
      }).get();
    } catch (InterruptedException e) {
      stepper.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building worker " + worker + "'s replica", e);
    } catch (ExecutionException e) {
      stepper.shutdownNow();
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    Prefetcher batches = TrainingData.open(manifest, job.work().split(), settings.trainData(), worker, job.workers(),
        job.work().epoch(), job.work().iterations());
    Metrics.counter(Replica.class, "replicasBuilt").inc();
    for (long i = 0; i < at; i++) {
      batches.next();
    }
    ProgressTracker progress = new ProgressTracker(settings.printFreq(),
        settings.trainData().batchSize() * job.workers());
    progress.startEpoch();
    return new Replica(stepper, job.work().epoch(), trainer, batches, progress, at);
  }

  /** Sets the weights (BN statistics included) and the momentum buffer to {@code state}'s. */
  void load(RoundState state) {
    var params = trainer.parameters();
    if (params.length() != state.params().length) {
      throw new IllegalStateException("round state has " + state.params().length + " parameters, the model "
          + params.length());
    }
    params.assign(Nd4j.createFromArray(state.params()).reshape(params.shape()));
    trainer.setMomentumBuffer(Nd4j.createFromArray(state.momentum()));
  }

  /** Work for the replica's step thread. */
  interface Steps {
    void run() throws IOException;
  }

  /** Runs {@code steps} on the replica's own thread and waits for it. */
  void onStepThread(Steps steps) throws IOException {
    Future<?> done = stepper.submit(() -> {
      steps.run();
      return null;
    });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the replica was stepping", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    batches.close();
    stepper.submit(() -> Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread());
    stepper.shutdown();
  }
}
