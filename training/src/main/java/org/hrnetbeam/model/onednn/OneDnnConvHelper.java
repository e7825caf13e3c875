package org.hrnetbeam.model.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own oneDNN convolution helper with its availability check fixed and its forward output laid
 * out {@link ChannelsLast channels last}.
 *
 * <p>The check in M2.1 asks a method nd4j-native renamed ({@code isUseMKLDNN} → {@code isUseONEDNN})
 * on a class that moved, and so always answers "unsupported"; {@link OneDnnHelpers} checks
 * availability itself before installing.
 *
 * <p>The forward pass runs the same libnd4j {@code conv2d} op as DL4J's helper, into an NCHW-shaped
 * view of NHWC memory ({@link ChannelsLast}) instead of a dense NCHW array. oneDNN's convolution
 * writes NHWC, so the result needs no reorder; with a dense NCHW output libnd4j reorders the
 * uninitialised output buffer to NHWC before the convolution and the result back after it. Only a
 * conv whose readers are all batch norms gets this layout ({@link OneDnnHelpers} checks the graph);
 * they read it directly ({@link OneDnnBatchNormHelper}) and write dense NCHW, so nothing else sees
 * it. The values are the same as DL4J's helper gives. The backward pass is DL4J's helper's, unchanged.
 */
final class OneDnnConvHelper extends MKLDNNConvHelper {
  /** Whether the forward output may be channels last: only when batch norms are its only readers. */
  private final boolean channelsLastOutput;

  OneDnnConvHelper(DataType dataType, boolean channelsLastOutput) {
    super(dataType);
    this.channelsLastOutput = channelsLastOutput;
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  @Override
  public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
      AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (!channelsLastOutput || input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT
        || format != CNN2DFormat.NCHW
        || convolutionMode == ConvolutionMode.Same || input.rank() != 4) {
      return super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
          format, workspaceMgr);
    }
    int[] outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, convolutionMode, dilation, format);
    long outChannels = weights.size(0);
    INDArray out = ChannelsLast.create(workspaceMgr, ArrayType.ACTIVATIONS, DataType.FLOAT, input.size(0), outChannels,
        outSize[0], outSize[1]);
    INDArray[] inputs = bias == null ? new INDArray[]{input, weights}
        : new INDArray[]{input, weights, bias.reshape(outChannels)};
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addInputs(inputs);
    // kH, kW, sH, sW, pH, pW, dH, dW, same-mode (no), data format (NCHW: the view's strides say NHWC),
    // weight format ([oC, iC, kH, kW], DL4J's).
    op.addOutputs(out).addIntegerArguments(kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0],
        dilation[1], 0, 0, 1);
    Nd4j.exec(op.build());
    return out;
  }
}
