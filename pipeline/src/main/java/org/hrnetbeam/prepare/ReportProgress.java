package org.hrnetbeam.prepare;

import java.io.PrintStream;
import java.time.Duration;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Runs a prepare pipeline and prints a {@link PrepareProgress} line every {@code every} while it
 * runs, read from the pipeline's Beam counters (the attempted values, which DirectRunner updates
 * as each bundle commits). Reading counters changes nothing the pipeline writes.
 *
 * <p>On DirectRunner the run is started with {@code blockOnRun=false} so that this thread can poll
 * the {@link PipelineResult}. FlinkRunner's attached batch mode returns from {@code run()} only when
 * the job has finished, so there no line appears before the end (its detached mode fails on the
 * embedded cluster once the job ends; docs/PREPARE.md).
 */
final class ReportProgress {
  private ReportProgress() {
  }

  static PipelineResult.State run(Pipeline p, PrepareProgress progress, Duration every, PrintStream out) {
    if (every.isZero() || every.isNegative()) {
      return p.run().waitUntilFinish();
    }
    if (p.getOptions().getRunner() == DirectRunner.class) {
      p.getOptions().as(DirectOptions.class).setBlockOnRun(false);
    }
    long start = System.nanoTime();
    PipelineResult result = p.run();
    long previousMade = 0;
    double previousSeconds = 0;
    PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.millis(every.toMillis()));
    while (state == null || !state.isTerminal()) {
      PrepareProgress.Counts now = counts(result);
      double seconds = (System.nanoTime() - start) / 1e9;
      double recent = seconds > previousSeconds ? (now.recordsMade() - previousMade) / (seconds - previousSeconds) : 0;
      out.println(progress.line(now, seconds, recent));
      previousMade = now.recordsMade();
      previousSeconds = seconds;
      state = result.waitUntilFinish(org.joda.time.Duration.millis(every.toMillis()));
    }
    return state;
  }

  private static PrepareProgress.Counts counts(PipelineResult result) {
    MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(MakeShardRecords.class)).build());
    long made = 0;
    long read = 0;
    long rejected = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      long v = c.getAttempted() == null ? 0 : c.getAttempted();
      String name = c.getName().getName();
      if (name.startsWith(MakeShardRecords.REJECTED)) {
        rejected += v;
      } else if (name.equals(MakeShardRecords.READ)) {
        read += v;
      } else if (name.equals(MakeShardRecords.RECORDS_MADE)) {
        made += v;
      }
    }
    return new PrepareProgress.Counts(made, read, rejected);
  }
}
