package org.hrnetbeam.model.dnnl;

/**
 * The shape of one 2-D convolution: batch, input and output planes, kernel, stride, padding
 * (top/left; bottom/right follow from the sizes), and whether it has a bias. Dilation is 1.
 */
public record ConvGeometry(long batch, long inChannels, long inHeight, long inWidth, long outChannels, long outHeight,
    long outWidth, int kernelH, int kernelW, int strideH, int strideW, int padTop, int padLeft, boolean bias) {

  /** Validates that the sizes are consistent with a truncating (not "same") convolution. */
  public ConvGeometry {
    if (batch < 1 || inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
        || padTop < 0 || padLeft < 0) {
      throw new IllegalArgumentException("invalid convolution geometry: " + describe(batch, inChannels, inHeight,
          inWidth, outChannels, outHeight, outWidth, kernelH, kernelW, strideH, strideW, padTop, padLeft));
    }
    if (outHeight != (inHeight + 2L * padTop - kernelH) / strideH + 1
        || outWidth != (inWidth + 2L * padLeft - kernelW) / strideW + 1) {
      throw new IllegalArgumentException("output size does not follow from input, kernel, stride and padding: "
          + describe(batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelH, kernelW, strideH,
              strideW, padTop, padLeft));
    }
  }

  /** Bottom padding oneDNN needs so that exactly {@link #outHeight} rows are produced. */
  public long padBottom() {
    return (outHeight - 1) * strideH + kernelH - inHeight - padTop;
  }

  /** Right padding oneDNN needs so that exactly {@link #outWidth} columns are produced. */
  public long padRight() {
    return (outWidth - 1) * strideW + kernelW - inWidth - padLeft;
  }

  public long[] inputShape() {
    return new long[]{batch, inChannels, inHeight, inWidth};
  }

  public long[] outputShape() {
    return new long[]{batch, outChannels, outHeight, outWidth};
  }

  public long[] weightShape() {
    return new long[]{outChannels, inChannels, kernelH, kernelW};
  }

  /** Multiply-accumulates of one forward pass. */
  public long macs() {
    return batch * outChannels * outHeight * outWidth * inChannels * kernelH * kernelW;
  }

  @Override
  public String toString() {
    return describe(batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelH, kernelW, strideH,
        strideW, padTop, padLeft) + (bias ? " +bias" : "");
  }

  private static String describe(long n, long ic, long ih, long iw, long oc, long oh, long ow, int kh, int kw, int sh,
      int sw, int ph, int pw) {
    return n + "x" + ic + "x" + ih + "x" + iw + " -> " + oc + "x" + oh + "x" + ow + " k" + kh + "x" + kw + " s" + sh
        + "x" + sw + " p" + ph + "x" + pw;
  }
}
