package org.hrnetbeam.model.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.hrnetbeam.model.HrnetGraphBuilder;
import org.hrnetbeam.model.HrnetVariants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class OneDnnHelpersTest {

  @Test
  void everyConvAndBnLayerOfHrnetGetsItsHelper() {
    Assumptions.assumeTrue(OneDnnHelpers.wanted(), "oneDNN not available on this backend or switched off");
    ComputationGraph graph = graph();
    int convs = 0;
    int bns = 0;
    for (Layer layer : graph.getLayers()) {
      convs += layer instanceof ConvolutionLayer ? 1 : 0;
      bns += layer instanceof BatchNormalization ? 1 : 0;
    }
    assertEquals(73, convs);
    assertEquals(72, bns);
    assertEquals(convs + bns, OneDnnHelpers.attach(graph));
    OneDnnHelpers.verify(graph);
  }

  @Test
  void aGraphWithoutHelpersFailsTheStartUpCheckNamingLayers() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> OneDnnHelpers.verify(graph()));
    assertTrue(e.getMessage().startsWith("145 of 145 conv/BN layers have no oneDNN helper"), e.getMessage());
    assertTrue(e.getMessage().contains("conv1"), e.getMessage());
  }

  private static ComputationGraph graph() {
    ComputationGraph graph = new ComputationGraph(HrnetGraphBuilder.build(HrnetVariants.spec("w18_small_v1", 19, false, 0.01)));
    graph.init();
    return graph;
  }
}
