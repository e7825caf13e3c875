package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthesised Cityscapes-size benchmark inputs are full-size, labelled and reproducible. */
class CityscapesSizeInputsTest {
  @TempDir Path dir;

  @Test
  void writesFullSizePairsWhoseLabelsKeepTheSamplesIds() throws Exception {
    Path sample = PrepareFixtures.camvid().getParent().resolve("cityscapes-sample");
    CityscapesSizeInputs.write(sample, dir.resolve("a"), 2);

    assertEquals(List.of("img/0000.png\tlbl/0000.png", "img/0001.png\tlbl/0001.png"),
        Files.readAllLines(dir.resolve("a/train.lst")));
    RgbImage first = ImageDecoder.decodeColour(Files.readAllBytes(dir.resolve("a/img/0000.png")), "0");
    RgbImage second = ImageDecoder.decodeColour(Files.readAllBytes(dir.resolve("a/img/0001.png")), "1");
    assertEquals(2048, first.width());
    assertEquals(1024, first.height());
    assertFalse(Arrays.equals(first.rgb(), second.rgb()), "each frame gets its own noise");
    for (int i = 0; i < first.rgb().length; i += 997) {
      assertTrue(Math.abs((first.rgb()[i] & 0xFF) - (second.rgb()[i] & 0xFF)) <= 2, "noise is +-1 per channel");
    }

    LabelImage label = ImageDecoder.decodeLabel(Files.readAllBytes(dir.resolve("a/lbl/0000.png")), "label");
    LabelImage source = ImageDecoder.decodeLabel(Files.readAllBytes(
        sample.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png")), "source");
    assertEquals(2048, label.width());
    assertEquals(ids(source), ids(label), "nearest upscaling adds no labelIds and drops none");

    CityscapesSizeInputs.write(sample, dir.resolve("b"), 2);
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/img/0001.png")), Files.readAllBytes(dir.resolve("b/img/0001.png")));
  }

  @Test
  void aFolderWithoutTheSampleFrameIsNamed() {
    IOException e = assertThrows(IOException.class, () -> CityscapesSizeInputs.write(dir, dir.resolve("out"), 1));
    assertTrue(e.getMessage().contains("frankfurt_000000_000294_leftImg8bit.png"), e.getMessage());
  }

  private static Set<Integer> ids(LabelImage image) {
    return Arrays.stream(image.values()).boxed().collect(Collectors.toSet());
  }
}
