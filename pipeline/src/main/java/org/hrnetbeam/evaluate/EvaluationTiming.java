package org.hrnetbeam.evaluate;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Where an evaluation's time went, from the stage's Beam counters: the pipeline's wall time, the
 * time spent scoring images and, within that, in the model's forward passes. Scoring and forward
 * times are sums over workers (CPU-side seconds), so on several workers they can exceed the wall
 * time. NaN when the runner reports no metrics.
 *
 * @param pipelineSeconds wall seconds from submitting the pipeline to its end
 * @param scoringSeconds  seconds inside the scoring DoFn, summed over images
 * @param forwardSeconds  seconds inside the model's forward passes, summed over images
 */
public record EvaluationTiming(double pipelineSeconds, double scoringSeconds, double forwardSeconds) {

  static EvaluationTiming of(PipelineResult result, double pipelineSeconds) {
    return new EvaluationTiming(pipelineSeconds, micros(result, ScoreImages.SCORING_MICROS) / 1e6,
        micros(result, ScoreImages.FORWARD_MICROS) / 1e6);
  }

  private static double micros(PipelineResult result, String name) {
    try {
      MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.named(ScoreImages.class, name)).build());
      long sum = 0;
      boolean found = false;
      for (MetricResult<Long> counter : metrics.getCounters()) {
        sum += counter.getAttempted();
        found = true;
      }
      return found ? sum : Double.NaN;
    } catch (UnsupportedOperationException e) {
      return Double.NaN;
    }
  }
}
