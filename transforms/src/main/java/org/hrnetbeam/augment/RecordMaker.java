package org.hrnetbeam.augment;

import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.records.SampleRecord;

/**
 * Turns a decoded, remapped sample into the shard records of its split: K augmented copies for
 * train and extra, one un-augmented full-resolution record for validation.
 */
public final class RecordMaker {
  /** The purpose string of augmentation draws in {@link SampleRandom}. */
  public static final String AUGMENT_PURPOSE = "augment";

  private final AugmentSettings settings;
  private final long seed;
  private final PngWriter png;

  public RecordMaker(AugmentSettings settings, long seed, int pngLevel) {
    this.settings = settings;
    this.seed = seed;
    this.png = new PngWriter(pngLevel);
  }

  /** How many records a sample of this split yields. */
  public static int copiesOf(Split split, int augmentCopies) {
    return split.augmented() ? augmentCopies : 1;
  }

  /** Copy {@code copy} of a decoded sample whose label is already in train ids. */
  public SampleRecord make(SampleRef ref, RgbImage image, ByteLabel trainIds, Split split, int copy) {
    String id = ref.id();
    String filename = id.substring(id.lastIndexOf('/') + 1);
    if (!split.augmented()) {
      return new SampleRecord(id, copy, filename, image.width(), image.height(), png.encode(image),
          png.encode(trainIds));
    }
    SampleRandom random = SampleRandom.of(AUGMENT_PURPOSE, seed, id, copy);
    AugmentedSample a = Augmenter.augment(image, trainIds, settings, random);
    return new SampleRecord(id, copy, filename, a.image().width(), a.image().height(),
        png.encode(a.image()), png.encode(a.label()));
  }
}
