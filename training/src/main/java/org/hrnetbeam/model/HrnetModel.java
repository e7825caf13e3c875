package org.hrnetbeam.model;

import java.util.Map;
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
        HrnetGraphBuilder.Built built = HrnetGraphBuilder.build(spec, updater);
        ComputationGraph graph = new ComputationGraph(built.configuration());
        graph.init();
        ReferenceInitializer.initialise(graph, seed);
        OneDnnHelpers.attach(graph);
        return new HrnetModel(spec, graph, built.taps());
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
