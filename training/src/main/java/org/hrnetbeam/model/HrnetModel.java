package org.hrnetbeam.model;

import java.io.IOException;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.weights.StateDict;
import org.hrnetbeam.weights.WeightFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * An HRNetV2 segmentation network: its {@link HrnetSpec} and the DL4J graph built from it, initialised
 * as the reference does and with oneDNN helpers attached (checked at start-up).
 */
public final class HrnetModel {
  private final HrnetSpec spec;
  private final ComputationGraph graph;
  private final Map<String, String> taps;

  private HrnetModel(HrnetSpec spec, ComputationGraph graph, Map<String, String> taps) {
    this.spec = spec;
    this.graph = graph;
    this.taps = taps;
  }

  /** A fresh network with the reference initialisation drawn from {@code seed} and no updater. */
  public static HrnetModel create(HrnetSpec spec, long seed) {
    return create(spec, seed, new NoOp());
  }

  /** A fresh network whose graph applies {@code updater} when fitted. */
  public static HrnetModel create(HrnetSpec spec, long seed, IUpdater updater) {
    return create(spec, seed, updater, new SegmentationLossLayer(255, spec.alignCorners(), null));
  }

  /** A fresh network with the given output (loss) layer settings. */
  public static HrnetModel create(HrnetSpec spec, long seed, IUpdater updater, SegmentationLossLayer loss) {
    HrnetGraphBuilder.Built built = HrnetGraphBuilder.build(spec, updater, DataType.FLOAT, loss);
    ComputationGraph graph = new ComputationGraph(built.configuration());
    graph.init();
    ReferenceInitializer.initialise(graph, seed);
    OneDnnHelpers.attach(graph);
    return new HrnetModel(spec, graph, built.taps());
  }

  /**
   * The network an experiment starts from: built from the config's spec, loss ignoring
   * {@code TRAIN.IGNORE_LABEL}, initialised from {@code seed}, then, when {@code MODEL.PRETRAINED}
   * is set, every tensor of that checkpoint matching by name and shape loaded (as the reference's
   * {@code init_weights}); the returned report says what loaded and what did not.
   */
  public static ModelSource.Opened fromConfig(ExperimentConfig config, long seed, IUpdater updater) throws IOException {
    HrnetSpec spec = HrnetSpec.from(config);
    HrnetModel model = create(spec, seed, updater,
        new SegmentationLossLayer(config.getInt("TRAIN.IGNORE_LABEL"), spec.alignCorners(), null));
    String pretrained = config.getString("MODEL.PRETRAINED");
    if (pretrained == null || pretrained.isEmpty()) {
      return new ModelSource.Opened(model, null);
    }
    StateDict checkpoint = WeightFiles.read(Storage.path(pretrained)).model();
    return new ModelSource.Opened(model, StateDictBinding.load(model.graph(), checkpoint));
  }

  /** Wraps an already-built graph (for example one restored from a model file). */
  public static HrnetModel wrap(HrnetSpec spec, ComputationGraph graph) {
    OneDnnHelpers.attach(graph);
    return new HrnetModel(spec, graph, HrnetGraphBuilder.build(spec, new NoOp()).taps());
  }

  public HrnetSpec spec() {
    return spec;
  }

  public ComputationGraph graph() {
    return graph;
  }

  /** Reference intermediate name → vertex name (see {@link HrnetGraphBuilder.Built#taps()}). */
  public Map<String, String> taps() {
    return taps;
  }

  /** Eval-mode logits [N, classes, ⌈H/4⌉, ⌈W/4⌉] of a normalised float32 NCHW batch. */
  public INDArray logits(INDArray input) {
    return graph.outputSingle(false, input);
  }

  /** Trainable parameter count as PyTorch reports it (BN running statistics excluded). */
  public long trainableParameters() {
    return ParameterNames.trainableCount(graph);
  }
}
