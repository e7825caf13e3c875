package org.hrnetbeam.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.hrnetbeam.imageio.ImageDecodeException;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.DecodedLabel;
import org.hrnetbeam.imageio.RgbImage;

/**
 * Reads and decodes one sample, or rejects it with the reason a user can act on: missing_image,
 * missing_label, empty_file, unreadable, unsupported_bit_depth, unsupported_channels,
 * size_mismatch.
 */
public final class SampleReader {
  public static final String STAGE = "ingest";

  private SampleReader() {}

  public static DecodedSample read(SampleRef ref) throws SampleRejectedException {
    byte[] imageBytes = readFile(ref.image(), "missing_image");
    if (ref.label().isEmpty()) {
      throw reject(ref.image(), "missing_label", "no label file pairs with this image");
    }
    byte[] labelBytes = readFile(ref.label(), "missing_label");
    RgbImage image;
    DecodedLabel label;
    try {
      image = ImageDecoder.decodeColour(imageBytes, ref.image());
    } catch (ImageDecodeException e) {
      throw reject(ref.image(), e.problem().reason(), e.getMessage());
    }
    try {
      label = ImageDecoder.decodeSourceLabel(labelBytes, ref.label());
    } catch (ImageDecodeException e) {
      throw reject(ref.label(), e.problem().reason(), e.getMessage());
    }
    if (image.width() != label.width() || image.height() != label.height()) {
      throw reject(ref.label(), "size_mismatch", "label is " + label.width() + "x" + label.height()
          + " but image " + ref.image() + " is " + image.width() + "x" + image.height());
    }
    return new DecodedSample(ref, image, label);
  }

  private static byte[] readFile(String path, String missingReason) throws SampleRejectedException {
    try {
      return Files.readAllBytes(PathText.toPath(path));
    } catch (NoSuchFileException e) {
      throw reject(path, missingReason, "file does not exist");
    } catch (IOException e) {
      throw reject(path, "unreadable", "cannot read: " + e);
    }
  }

  private static SampleRejectedException reject(String path, String reason, String detail) {
    return new SampleRejectedException(new DeadLetter(path, reason, STAGE, detail));
  }
}
