package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;

/**
 * One epoch of data-parallel training with its averaging rounds unrolled: the worker ids 0..W−1,
 * then for each round r a {@link TrainRound} over them with round r−1's average as a singleton
 * side input and {@link AverageReplicas} over their states, straight into the next round's view.
 * The next round's worker 0 records each average's losses in the work folder; the last round's
 * average is recorded with its vectors, for the driver. Rounds are chained by their side inputs,
 * so round r+1 starts when round r's average exists. Beside them runs a chain of
 * {@link CheckpointRound}s, one per round but the last, each adding its round's losses to the
 * epoch's record and writing the checkpoint from its round's average when one is due (every
 * PIPELINE.CHECKPOINT_EVERY_ROUNDS-th round; no chain when it is 0).
 */
final class TrainEpoch extends PTransform<PBegin, PDone> {
  private static final long serialVersionUID = 1L;
  private final EpochJob job;

  TrainEpoch(EpochJob job) {
    this.job = job;
  }

  @Override
  public PDone expand(PBegin begin) {
    List<Integer> ids = new ArrayList<>();
    for (int w = 0; w < job.workers(); w++) {
      ids.add(w);
    }
    PCollection<Integer> workers = begin.apply("Workers", Create.of(ids).withCoder(VarIntCoder.of()));
    PCollectionView<RoundState> previous = null;
    int rounds = job.rounds();
    PCollection<RoundState> soFar = null;
    if (job.checkpoints().everyIterations() > 0 || job.failAfterRound() >= 0) {
      var before = job.checkpoints().before();
      soFar = begin.apply("EpochSoFar", Create.of(new RoundState(RoundState.AVERAGE, new float[0], new float[0],
          before.losses(), before.iterationNanos(), before.dataNanos())).withCoder(new RoundState.Coder()));
    }
    for (int r = 0; r < rounds; r++) {
      ParDo.SingleOutput<Integer, RoundState> train = ParDo.of(new TrainRound(job, r, previous));
      if (previous != null) {
        train = train.withSideInputs(previous);
      }
      PCollection<RoundState> states = workers.apply("TrainRound" + r, train).setCoder(new RoundState.Coder());
      Combine.Globally<RoundState, RoundState> average = Combine.globally(new AverageReplicas()).withoutDefaults();
      if (r < rounds - 1) {
        // The average straight into the view: one combine per round (View.asSingleton would add a
        // second). The next round's worker 0 records this round's losses from the view.
        previous = states.apply("AverageRound" + r, average.asSingletonView());
        if (soFar != null) {
          soFar = soFar.apply("CheckpointRound" + r, ParDo.of(new CheckpointRound(job, r, previous))
              .withSideInputs(previous)).setCoder(new RoundState.Coder());
        }
      } else {
        states.apply("AverageRound" + r, average).setCoder(new RoundState.Coder())
            .apply("RecordLastRound", ParDo.of(new RecordLastRound(job, r)));
      }
    }
    return PDone.in(begin.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("epoch", job.work().epoch()))
        .add(DisplayData.item("workers", job.workers()))
        .add(DisplayData.item("averagingFrequency", job.roundLength()))
        .add(DisplayData.item("firstIteration", job.checkpoints().firstIteration()))
        .add(DisplayData.item("checkpointEveryIterations", job.checkpoints().everyIterations()))
        .add(DisplayData.item("iterations", job.work().iterations()))
        .add(DisplayData.item("shardDir", job.shardDir()));
  }

  /** Writes the last round's average, vectors included, for the driver. */
  private static final class RecordLastRound extends DoFn<RoundState, Void> {
    private static final long serialVersionUID = 1L;
    private final EpochJob job;
    private final int round;

    RecordLastRound(EpochJob job, int round) {
      this.job = job;
      this.round = round;
    }

    @ProcessElement
    public void process(@Element RoundState average) throws IOException {
      RoundFiles.write(RoundFiles.round(job.workDir(), job.work().epoch(), round), average);
    }
  }
}
