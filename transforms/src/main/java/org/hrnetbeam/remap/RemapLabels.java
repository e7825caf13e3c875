package org.hrnetbeam.remap;

import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.ingest.DecodedSample;

/**
 * Maps every label to train ids with a {@link LabelMap}. Emits the remapped samples on
 * {@link #REMAPPED} and one {@link LabelStats} per sample on {@link #STATS} (class histogram,
 * unmapped values); each unmapped value also counts in {@code remap/unmapped_value_<v>}.
 */
public final class RemapLabels extends PTransform<PCollection<DecodedSample>, PCollectionTuple> {
  public static final TupleTag<DecodedSample> REMAPPED = new TupleTag<>() {};
  public static final TupleTag<LabelStats> STATS = new TupleTag<>() {};

  private final LabelMap map;

  private RemapLabels(LabelMap map) {
    this.map = map;
  }

  public static RemapLabels with(LabelMap map) {
    return new RemapLabels(map);
  }

  @Override
  public PCollectionTuple expand(PCollection<DecodedSample> samples) {
    PCollectionTuple out = samples.apply("ApplyLabelMap",
        ParDo.of(new RemapFn(map)).withOutputTags(REMAPPED, TupleTagList.of(STATS)));
    out.get(REMAPPED).setCoder(SerializableCoder.of(DecodedSample.class));
    out.get(STATS).setCoder(SerializableCoder.of(LabelStats.class));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("labelMap", map.name())).add(DisplayData.item("ignore", map.ignore()));
  }

  private static final class RemapFn extends DoFn<DecodedSample, DecodedSample> {
    private final LabelMap map;

    RemapFn(LabelMap map) {
      this.map = map;
    }

    @ProcessElement
    public void process(@Element DecodedSample sample, MultiOutputReceiver out) {
      RemappedLabel r = LabelRemapper.remap(sample.label(), map);
      for (Map.Entry<Integer, Long> e : r.unmapped().entrySet()) {
        Metrics.counter(RemapLabels.class, "unmapped_value_" + e.getKey()).inc(e.getValue());
      }
      LabelImage label = r.label();
      long pixels = (long) label.width() * label.height();
      long[] present = new long[r.classPixels().length];
      for (int c = 0; c < present.length; c++) {
        present[c] = r.classPixels()[c] > 0 ? pixels : 0;
      }
      out.get(STATS).output(new LabelStats(sample.ref().split(), r.classPixels(), present, r.unmapped()));
      out.get(REMAPPED).output(new DecodedSample(sample.ref(), sample.image(), label));
    }
  }
}
