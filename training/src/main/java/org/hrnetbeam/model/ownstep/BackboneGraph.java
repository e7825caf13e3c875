package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetGraphBuilder;
import org.hrnetbeam.model.HrnetSpec;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The product's own DL4J HRNet graph ({@link HrnetGraphBuilder}) with its head cut off: the same
 * layers, vertices and names up to the last stage's branch outputs (the builder's taps
 * {@code stage4.out<b>}), each of which feeds a {@link GivenGradientLoss} output {@code loss<b>}, so
 * that a train step runs from given gradients of the branch outputs, as
 * {@link ChannelsLastBackbone#backward} does. Used to check the backbone against the model's wiring.
 */
public final class BackboneGraph {
  private BackboneGraph() {
  }

  /** The head's vertices as the builder names them (resizes {@code head:up<b>} are added per branch). */
  private static final List<String> HEAD = List.of(HrnetGraphBuilder.LOSS, HrnetGraphBuilder.LOGITS,
      "last_layer.1:relu", "last_layer.1", "last_layer.0", "head:concat");

  /** The backbone graph of {@code spec} in {@code dataType}, with {@code updater}, initialised. */
  public static ComputationGraph build(HrnetSpec spec, DataType dataType, IUpdater updater) {
    HrnetGraphBuilder.Built built = HrnetGraphBuilder.build(spec, updater, dataType);
    ComputationGraphConfiguration.GraphBuilder g = new ComputationGraphConfiguration.GraphBuilder(
        built.configuration(),
        new NeuralNetConfiguration.Builder().dataType(dataType).updater(updater).miniBatch(false));
    int branches = spec.stages().get(3).numBranches();
    List<String> head = new ArrayList<>(HEAD);
    for (int b = 1; b < branches; b++) {
      head.add("head:up" + b);
    }
    for (String vertex : head) {
      if (!g.getVertices().containsKey(vertex)) {
        throw new IllegalStateException("HrnetGraphBuilder has no head vertex '" + vertex + "' to cut: its head"
            + " changed, update BackboneGraph");
      }
      g.removeVertex(vertex, true);
    }
    String[] losses = new String[branches];
    Map<String, String> taps = built.taps();
    for (int b = 0; b < branches; b++) {
      losses[b] = "loss" + b;
      g.addLayer(losses[b], new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY)
          .build(), taps.get("stage4.out" + b));
    }
    g.setOutputs(losses);
    ComputationGraph graph = new ComputationGraph(g.build());
    graph.init();
    return graph;
  }

  /** Copies every unit's weights, γ, β and running statistics into the graph's layers of the same names. */
  static void copyParameters(ChannelsLastBackbone backbone, ComputationGraph graph) {
    for (ConvBnReluUnit u : backbone.units()) {
      INDArray w = graph.getLayer(u.name).getParam("W");
      w.assign(u.plainWeights().castTo(w.dataType()));
      setVector(graph.getLayer(u.bnName).getParam("gamma"), u.gamma);
      setVector(graph.getLayer(u.bnName).getParam("beta"), u.beta);
      setVector(graph.getLayer(u.bnName).getParam("mean"), u.runningMean);
      setVector(graph.getLayer(u.bnName).getParam("var"), u.runningVariance);
    }
  }

  private static void setVector(INDArray target, float[] values) {
    target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
  }
}
