package org.hrnetbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.report.Palette;
import org.junit.jupiter.api.Test;

class EvaluationPaletteTest {
  @Test
  void aDatasetLabelledWithCityscapesClassesIsDrawnInCityscapesColours() throws Exception {
    ExperimentConfig demo = ExperimentConfig.load(EvaluationFixture.repoRoot()
        .resolve("conf/demo/seg_hrnet_w18_small_v1_demo.yaml"), List.of());
    Palette palette = EvaluateStage.palette(demo, Palette.cityscapes().classes());
    assertEquals(Palette.cityscapes().colours().length, palette.colours().length);
    assertEquals(List.of(0x804080, 0xF423E8), List.of(palette.colours()[0], palette.colours()[1]),
        "road and sidewalk should keep Cityscapes' colours on the demo dataset");
  }

  @Test
  void aDatasetWithItsOwnClassesGetsGenericColoursUnderItsNames() throws Exception {
    ExperimentConfig demo = ExperimentConfig.load(EvaluationFixture.repoRoot()
        .resolve("conf/demo/seg_hrnet_w18_small_v1_demo.yaml"), List.of("DATASET.NUM_CLASSES", "2"));
    Palette palette = EvaluateStage.palette(demo, List.of("background", "lesion"));
    assertEquals(List.of("background", "lesion"), palette.classes());
  }
}
