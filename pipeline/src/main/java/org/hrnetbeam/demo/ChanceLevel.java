package org.hrnetbeam.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hrnetbeam.imageio.ImageDecodeException;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.remap.LabelMap;

/**
 * The mIoU a model reaches without looking at the image: one that draws every pixel's class at
 * random from the true class frequencies p_c. Its expected IoU for class c is
 * p_c² / (2 p_c − p_c²) = p_c / (2 − p_c); the mean runs over all classes, absent ones counting 0,
 * as the reference's mIoU does. The demo prints it beside the measured mIoU.
 */
public final class ChanceLevel {
  private ChanceLevel() {}

  /** Chance mIoU for these per-class pixel counts (train ids 0..numClasses-1, ignored pixels excluded). */
  public static double of(long[] pixelsPerClass) {
    long total = 0;
    for (long n : pixelsPerClass) {
      total += n;
    }
    if (total == 0) {
      throw new IllegalArgumentException("no labelled pixels: the chance level is undefined");
    }
    double sum = 0;
    for (long n : pixelsPerClass) {
      double p = n / (double) total;
      sum += p / (2 - p);
    }
    return sum / pixelsPerClass.length;
  }

  /** Counts train-id pixels over every {@code *_gtFine_labelIds.png} under {@code gtFine/<split>} of a Cityscapes-layout root. */
  public static long[] countPixels(Path root, String split, LabelMap map) throws IOException {
    long[] counts = new long[map.numClasses()];
    Path dir = root.resolve("gtFine").resolve(split);
    List<Path> labels;
    try (Stream<Path> files = Files.walk(dir)) {
      labels = files.filter(f -> f.getFileName().toString().endsWith("_gtFine_labelIds.png")).sorted().toList();
    }
    if (labels.isEmpty()) {
      throw new IOException("no *_gtFine_labelIds.png under " + dir.toUri());
    }
    for (Path file : labels) {
      LabelImage label;
      try {
        label = ImageDecoder.decodeLabel(Files.readAllBytes(file), file.toString());
      } catch (ImageDecodeException e) {
        throw new IOException("cannot decode label " + file.toUri() + ": " + e.getMessage(), e);
      }
      for (int v : label.values()) {
        int t = map.apply(v);
        if (t != map.ignore()) {
          counts[t]++;
        }
      }
    }
    return counts;
  }
}
