package org.hrnetbeam.remap;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Sums per-sample {@link LabelStats} into one {@link DatasetStats}. */
public final class SumLabelStats extends Combine.CombineFn<LabelStats, DatasetStats, DatasetStats> {
  @Override
  public DatasetStats createAccumulator() {
    return new DatasetStats();
  }

  @Override
  public DatasetStats addInput(DatasetStats acc, LabelStats input) {
    return acc.add(input);
  }

  @Override
  public DatasetStats mergeAccumulators(Iterable<DatasetStats> accs) {
    DatasetStats total = new DatasetStats();
    accs.forEach(total::merge);
    return total;
  }

  @Override
  public DatasetStats extractOutput(DatasetStats acc) {
    return acc;
  }

  @Override
  public Coder<DatasetStats> getAccumulatorCoder(CoderRegistry registry, Coder<LabelStats> input) {
    return SerializableCoder.of(DatasetStats.class);
  }

  @Override
  public Coder<DatasetStats> getDefaultOutputCoder(CoderRegistry registry, Coder<LabelStats> input) {
    return SerializableCoder.of(DatasetStats.class);
  }
}
