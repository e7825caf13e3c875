package org.hrnetbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hrnetbeam.model.HrnetGraphBuilder;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.dnnl.ConvGeometry;
import org.junit.jupiter.api.Test;

class ConvLayersTest {

  @Test
  void w18SmallV1ConvGeometriesComeFromTheGraphIncludingOddSizes() {
    // 72×136: branches of 18×34, 9×17, 5×9 and 3×5, so the stride-2 convs see odd inputs.
    List<ConvLayers.Layer> layers = ConvLayers.of(
        HrnetGraphBuilder.build(HrnetVariants.spec("w18_small_v1", 19, false, 0.1)), 2, 72, 136);
    assertEquals(73, layers.size());
    ConvGeometry stem = layers.stream().filter(l -> l.geometry().inChannels() == 3).findFirst().orElseThrow()
        .geometry();
    assertEquals(new ConvGeometry(2, 3, 72, 136, 64, 36, 68, 3, 3, 2, 2, 1, 1, false), stem);
    long macs = layers.stream().mapToLong(l -> l.geometry().macs()).sum();
    assertEquals(2 * ConvCost.macs(HrnetGraphBuilder.build(HrnetVariants.spec("w18_small_v1", 19, false, 0.1)), 72,
        136), macs, "the same multiply-accumulates as ConvCost for two images");
    assertTrue(layers.stream().anyMatch(l -> l.geometry().inHeight() == 5 && l.geometry().outHeight() == 3),
        "a stride-2 conv from the 5×9 branch to the 3×5 one");
    List<ConvLayers.Layer> notIntoBn = layers.stream().filter(l -> !l.feedsOnlyBatchNorm()).toList();
    assertEquals(1, notIntoBn.size(), "only the classifier's output goes elsewhere than a batch norm");
    assertTrue(notIntoBn.get(0).geometry().bias());
    assertFalse(stem.bias());
  }
}
