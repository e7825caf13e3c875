package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hrnetbeam.remap.LabelMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePredictionTest {

  @Test
  void cityscapesTrainIdsGoBackToLabelIds() throws Exception {
    BufferedImage ids = ImagePrediction.labelIds(new int[] {0, 18, 13, 10}, 2, 2, LabelMaps.load("cityscapes"));
    assertEquals(7, ids.getRaster().getSample(0, 0, 0));    // road
    assertEquals(33, ids.getRaster().getSample(1, 0, 0));   // bicycle
    assertEquals(26, ids.getRaster().getSample(0, 1, 0));   // car
    assertEquals(23, ids.getRaster().getSample(1, 1, 0));   // sky
  }

  @Test
  void aFileThatIsNoImageFailsNamingIt(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not a picture");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImagePrediction.readImage(text.toString()));
    assertEquals(text + " is not an image javax.imageio can decode", e.getMessage());
  }
}
