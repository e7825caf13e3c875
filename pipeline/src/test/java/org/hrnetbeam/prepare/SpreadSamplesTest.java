package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PCollection;
import org.hrnetbeam.ingest.SampleRef;
import org.junit.jupiter.api.Test;

class SpreadSamplesTest {
  @Test
  void everySampleComesOutExactlyOnce() {
    List<SampleRef> samples = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      samples.add(new SampleRef("img/" + i + ".png", i < 9 ? "train" : "val", "/d/img/" + i + ".png", "/d/lbl/" + i + ".png"));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<SampleRef> out = p.apply("Spread", SpreadSamples.of(samples))
        .apply("Samples", Values.create())
        .apply("Ungroup", Flatten.iterables());
    PAssert.that(out).containsInAnyOrder(samples);
    p.run().waitUntilFinish();
  }

  @Test
  void groupsHoldAFewSamplesEach() {
    assertEquals(1, SpreadSamples.groupsFor(1));
    assertEquals(1, SpreadSamples.groupsFor(SpreadSamples.SAMPLES_PER_GROUP));
    assertEquals(2, SpreadSamples.groupsFor(SpreadSamples.SAMPLES_PER_GROUP + 1));
    assertEquals(31, SpreadSamples.groupsFor(123));
  }

  @Test
  void refusesAnEmptyList() {
    assertThrows(IllegalArgumentException.class, () -> SpreadSamples.of(List.of()));
  }
}
