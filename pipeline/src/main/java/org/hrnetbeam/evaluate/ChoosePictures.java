package org.hrnetbeam.evaluate;

import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.hrnetbeam.records.SampleRecord;

/**
 * The ids of the val images to picture, chosen before any image is scored: the first {@code count}
 * by {@link PictureOrder}, as a side input of {@link ScoreImages}. Choosing on ids alone keeps every
 * other image's PNGs out of the pipeline: only the chosen few make a prediction PNG and travel on.
 */
final class ChoosePictures extends PTransform<PCollection<SampleRecord>, PCollectionView<List<String>>> {
  private final int count;

  ChoosePictures(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("pictures to choose must be at least 1, got " + count);
    }
    this.count = count;
  }

  @Override
  public PCollectionView<List<String>> expand(PCollection<SampleRecord> records) {
    return records
        .apply("SampleIds", MapElements.into(TypeDescriptors.strings()).via(SampleRecord::sampleId))
        .apply("FirstByHash", Top.<String, PictureOrder>of(count, new PictureOrder()).asSingletonView());
  }
}
