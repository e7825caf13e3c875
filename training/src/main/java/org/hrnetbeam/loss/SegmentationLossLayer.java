package org.hrnetbeam.loss;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Output layer of the HRNet graph: passes the logits through unchanged and, when labels are set,
 * scores them with the reference criterion ({@link CrossEntropy2d}: upsample to the label size,
 * cross-entropy averaged over non-ignored pixels). Being a real output layer lets DL4J's own
 * {@code computeGradientAndScore}/{@code fit} run forward and backward inside one workspace scope;
 * feeding the same gradient in as an external error breaks DL4J's BatchNormalization backward
 * (it reads arrays from a reopened workspace).
 *
 * <p>Labels: [N, H, W] or [N, 1, H, W] class indices at full input resolution (any numeric type).
 */
public class SegmentationLossLayer extends NoParamLayer {
  private int ignoreLabel;
  private boolean alignCorners;
  private double[] classWeights;
  private Double ohemThreshold;
  private Integer ohemKeep;

  /** Plain cross-entropy (no OHEM). */
  public SegmentationLossLayer(int ignoreLabel, boolean alignCorners, double[] classWeights) {
    this(ignoreLabel, alignCorners, classWeights, null, null);
  }

  /**
   * @param ohemThreshold LOSS.OHEMTHRES when OHEM is on, {@code null} for plain cross-entropy (model
   *     files written before OHEM existed have no such entry and load as plain cross-entropy)
   * @param ohemKeep LOSS.OHEMKEEP when OHEM is on, else {@code null}
   */
  @JsonCreator
  public SegmentationLossLayer(@JsonProperty("ignoreLabel") int ignoreLabel,
                 @JsonProperty("alignCorners") boolean alignCorners,
                 @JsonProperty("classWeights") double[] classWeights,
                 @JsonProperty("ohemThreshold") Double ohemThreshold,
                 @JsonProperty("ohemKeep") Integer ohemKeep) {
    if ((ohemThreshold == null) != (ohemKeep == null)) {
      throw new IllegalArgumentException("OHEM needs both a threshold and a keep count, got " + ohemThreshold
          + " and " + ohemKeep);
    }
    this.ignoreLabel = ignoreLabel;
    this.alignCorners = alignCorners;
    this.classWeights = classWeights;
    this.ohemThreshold = ohemThreshold;
    this.ohemKeep = ohemKeep;
  }

  /** The criterion this layer applies. */
  public SegmentationCriterion criterion() {
    if (ohemThreshold != null) {
      return new OhemCrossEntropy2d(ignoreLabel, alignCorners, classWeights, ohemThreshold, ohemKeep);
    }
    return new CrossEntropy2d(ignoreLabel, alignCorners, classWeights);
  }

  public Double getOhemThreshold() {
    return ohemThreshold;
  }

  public void setOhemThreshold(Double ohemThreshold) {
    this.ohemThreshold = ohemThreshold;
  }

  public Integer getOhemKeep() {
    return ohemKeep;
  }

  public void setOhemKeep(Integer ohemKeep) {
    this.ohemKeep = ohemKeep;
  }

  public int getIgnoreLabel() {
    return ignoreLabel;
  }

  public void setIgnoreLabel(int ignoreLabel) {
    this.ignoreLabel = ignoreLabel;
  }

  public boolean isAlignCorners() {
    return alignCorners;
  }

  public void setAlignCorners(boolean alignCorners) {
    this.alignCorners = alignCorners;
  }

  public double[] getClassWeights() {
    return classWeights;
  }

  public void setClassWeights(double[] classWeights) {
    this.classWeights = classWeights;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
    SegmentationLossLayerImpl layer = new SegmentationLossLayerImpl(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public boolean isPretrainParam(String paramName) {
    return false;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(layerName, SegmentationLossLayer.class, inputType, inputType)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentationLossLayer l && l.ignoreLabel == ignoreLabel && l.alignCorners == alignCorners
        && Arrays.equals(l.classWeights, classWeights)
        && java.util.Objects.equals(l.ohemThreshold, ohemThreshold) && java.util.Objects.equals(l.ohemKeep, ohemKeep) && java.util.Objects.equals(l.layerName, layerName);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(ignoreLabel, alignCorners, Arrays.hashCode(classWeights), ohemThreshold, ohemKeep, layerName);
  }

  @Override
  public SegmentationLossLayer clone() {
    SegmentationLossLayer c = (SegmentationLossLayer) super.clone();
    c.classWeights = classWeights == null ? null : classWeights.clone();
    return c;
  }

}
