package org.hrnetbeam.loss;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Runtime side of {@link SegmentationLossLayer}: identity forward, reference cross-entropy score and gradient. */
public class SegmentationLossLayerImpl extends AbstractLayer<SegmentationLossLayer> implements IOutputLayer {
  private INDArray labels;
  /** Loss and gradient of the last scored (input, labels) pair, kept outside workspaces. */
  private CrossEntropy2d.Result cached;
  private INDArray cachedFor;
  private double score;

  public SegmentationLossLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    return workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    CrossEntropy2d.Result r = result();
    return new Pair<>(new DefaultGradient(), workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, r.logitsGradient()));
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    score = result().loss() + fullNetRegTerm;
    return score;
  }

  @Override
  public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
    SegmentationCriterion criterion = layerConf().criterion();
    long n = input.size(0);
    INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, DataType.DOUBLE, n, 1);
    for (long i = 0; i < n; i++) {
      INDArray one = input.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup();
      INDArray oneLabels = labels3d().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup();
      out.putScalar(i, 0, criterion.compute(one, oneLabels).loss() + fullNetRegTerm);
    }
    return out;
  }

  private CrossEntropy2d.Result result() {
    if (labels == null) {
      throw new IllegalStateException("layer " + layerConf().getLayerName() + ": no labels set to score against");
    }
    if (cached == null || cachedFor != input) {
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        cached = layerConf().criterion().compute(input.dup(), labels3d().dup());
      }
      cachedFor = input;
    }
    return cached;
  }

  private INDArray labels3d() {
    if (labels.rank() == 4 && labels.size(1) == 1) {
      return labels.reshape(labels.size(0), labels.size(2), labels.size(3));
    }
    return labels;
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    super.setInput(input, workspaceMgr);
    cached = null;
  }

  @Override
  public void clear() {
    super.clear();
    cached = null;
    cachedFor = null;
  }

  @Override
  public double score() {
    return score;
  }

  @Override
  public boolean needsLabels() {
    return true;
  }

  @Override
  public void setLabels(INDArray labels) {
    this.labels = labels;
    cached = null;
  }

  @Override
  public INDArray getLabels() {
    return labels;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
    return new Pair<>(maskArray, currentMaskState);
  }

  @Override
  public Layer.Type type() {
    return Layer.Type.CONVOLUTIONAL;
  }

  @Override
  public double f1Score(DataSet data) {
    throw unsupported("f1Score");
  }

  @Override
  public double f1Score(INDArray examples, INDArray labels) {
    throw unsupported("f1Score");
  }

  @Override
  public int numLabels() {
    return (int) input.size(1);
  }

  @Override
  public void fit(DataSetIterator iter) {
    throw unsupported("fit");
  }

  @Override
  public int[] predict(INDArray examples) {
    throw unsupported("predict");
  }

  @Override
  public List<String> predict(DataSet dataSet) {
    throw unsupported("predict");
  }

  @Override
  public void fit(INDArray examples, INDArray labels) {
    throw unsupported("fit");
  }

  @Override
  public void fit(DataSet data) {
    throw unsupported("fit");
  }

  @Override
  public void fit(INDArray examples, int[] labels) {
    throw unsupported("fit");
  }

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(what + " is not defined on layer " + layerConf().getLayerName()
        + "; train the whole ComputationGraph and evaluate with the confusion-matrix metrics");
  }
}
