package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.train.EpochProgress;
import org.hrnetbeam.train.RunSettings;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * One link of an epoch's checkpoint chain: takes the epoch's iterations recorded up to round r−1
 * (the previous link's output; losses and times only), adds round r's average's (a side input),
 * and, when the round is due, writes the run's {@code checkpoint} from that average: weights, BN
 * statistics, momentum and a state that resumes after round r. Written inside the pipeline, by
 * whichever worker runs this DoFn, so it works on a cluster; the chain orders the writes, so an
 * older round's checkpoint can never land after a newer one. Runs beside round r+1's training.
 *
 * <p>The model a checkpoint is written from is built once per run in each JVM (W48: about
 * 0.25 GB of parameters) and reused for later rounds.
 */
final class CheckpointRound extends DoFn<RoundState, RoundState> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, HrnetModel> MODELS = new ConcurrentHashMap<>();

  private final EpochJob job;
  private final int round;
  private final PCollectionView<RoundState> average;
  private final Counter written = Metrics.counter(CheckpointRound.class, "roundCheckpoints");

  CheckpointRound(EpochJob job, int round, PCollectionView<RoundState> average) {
    this.job = job;
    this.round = round;
    this.average = average;
  }

  @ProcessElement
  public void process(@Element RoundState soFar, ProcessContext c) throws IOException {
    RoundState avg = c.sideInput(average);
    EpochProgress done = new EpochProgress(soFar.losses(), soFar.iterationNanos(), soFar.dataNanos())
        .then(avg.losses(), avg.iterationNanos(), avg.dataNanos());
    if (done.count() != job.endIteration(round)) {
      throw new IllegalStateException("checkpoint chain of epoch " + job.work().epoch() + " has " + done.count()
          + " iterations after round " + round + ", which ends at iteration " + job.endIteration(round));
    }
    if (job.checkpointAfter(round)) {
      HrnetModel model = MODELS.computeIfAbsent(job.runId(), id -> build(job));
      synchronized (model) {
        var params = model.graph().params();
        params.assign(Nd4j.createFromArray(avg.params()).reshape(params.shape()));
        job.checkpoints().save(model, Nd4j.createFromArray(avg.momentum()), job.work(), done);
      }
      written.inc();
    }
    if (job.failAfterRound() == round) {
      throw new IllegalStateException("stopped after round " + round + " of epoch " + job.work().epoch()
          + " as asked (failAfterRound, tests only)");
    }
    c.output(new RoundState(RoundState.AVERAGE, new float[0], new float[0], done.losses(), done.iterationNanos(),
        done.dataNanos()));
  }

  /** Forgets the run's checkpoint model in this JVM (after its epoch). */
  static void drop(String runId) {
    MODELS.remove(runId);
  }

  private static HrnetModel build(EpochJob job) {
    try {
      ShardManifest manifest = ShardManifest.read(Storage.path(job.shardDir()));
      RunSettings settings = RunSettings.from(job.config(), manifest, job.seed());
      return HrnetModel.create(settings.spec(), job.seed(), new NoOp(), settings.loss().layer());
    } catch (IOException e) {
      throw new IllegalStateException("could not read the shards' manifest under " + job.shardDir()
          + " to build the checkpoint's model: " + e.getMessage(), e);
    }
  }
}
