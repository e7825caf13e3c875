package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.io.PrintStream;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.hrnetbeam.train.ReplicaSteps;
import org.hrnetbeam.trainlog.ConsoleLine;

/**
 * One averaging round of one worker: set the replica to the round's start state (the previous
 * round's average; round 0: the epoch's start state from the work folder), train the round's K
 * iterations on the worker's batches, emit the replica's state and the iterations' losses.
 * Worker 0 prints the progress line live (its own losses; the logs get the workers' mean).
 */
final class TrainRound extends DoFn<Integer, RoundState> {
  private static final long serialVersionUID = 1L;

  private final EpochJob job;
  private final int round;
  private final PCollectionView<RoundState> previous;
  private final Counter iterations = Metrics.counter(TrainRound.class, "iterations");

  /** @param previous the previous round's average; null for round 0 */
  TrainRound(EpochJob job, int round, PCollectionView<RoundState> previous) {
    this.job = job;
    this.round = round;
    this.previous = previous;
  }

  @ProcessElement
  public void process(@Element Integer worker, ProcessContext c) throws IOException {
    long from = job.firstIteration(round);
    long to = job.endIteration(round);
    RoundState start = previous == null ? RoundFiles.read(RoundFiles.start(job.workDir(), job.work().epoch()))
        : c.sideInput(previous);
    if (previous != null && worker == 0) {
      // The driver reads every round's losses; the previous round's average carries them.
      RoundFiles.write(RoundFiles.round(job.workDir(), job.work().epoch(), round - 1), start.withoutVectors());
    }
    Replica replica = Replicas.at(job, worker, from);
    if (replica.nextIteration != from) {
      throw new IllegalStateException("worker " + worker + " replica at iteration " + replica.nextIteration
          + ", round " + round + " starts at " + from);
    }
    int n = (int) (to - from);
    double[] losses = new double[n];
    long[] iterationNanos = new long[n];
    long[] dataNanos = new long[n];
    PrintStream console = worker == 0 ? LiveConsole.of(job.runId()) : null;
    float[][] end = new float[2][];
    try {
      // Everything that touches the replica's arrays runs on its step thread, bound to its device.
      replica.onStepThread(() -> {
        replica.load(start);
        ReplicaSteps.run(replica.trainer, replica.batches, job.work(), from, to, worker,
            (it, loss, iter, data) -> {
              int i = (int) (it - from);
              losses[i] = loss;
              iterationNanos[i] = iter;
              dataNanos[i] = data;
              replica.progress.record(loss, iter, data);
              if (console != null && replica.progress.due(it)) {
                console.println(ConsoleLine.format(job.work().progress(replica.progress, it)));
              }
            });
        end[0] = replica.trainer.parameters().toFloatVector();
        end[1] = replica.trainer.momentumBuffer().toFloatVector();
      });
    } catch (RuntimeException | IOException e) {
      replica.close();
      throw e;
    }
    iterations.inc(n);
    replica.nextIteration = to;
    c.output(new RoundState(worker, end[0], end[1], losses, iterationNanos, dataNanos));
    if (to < job.work().iterations() && job.keepReplicas()) {
      Replicas.keep(job, worker, replica);
    } else {
      replica.close();
    }
  }
}
