package org.hrnetbeam.model.dnnl;

import java.util.Arrays;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution geometry's oneDNN primitives (forward, backward-data, backward-weights), built
 * once for channels-last ({@code nhwc}) activations and gradients, with the weights in whatever
 * layout oneDNN picks.
 *
 * <p>Arrays are NCHW-shaped ND4J arrays with any strides. One that is already channels last is read
 * or written in place; any other is reordered into (or out of) a channels-last copy from the caller's
 * {@link Scratch}. DL4J's [oC, iC, kH, kW] weights are reordered into oneDNN's layout on each call
 * that reads them, and the weight gradient out of it. The {@code ...PrimitiveWeights} /
 * {@code ...PrimitiveLayout} calls instead take weights and write weight gradients in the forward
 * primitive's own layout, for a caller that keeps them there between steps (no reorder per call).
 *
 * <p>Not for concurrent use: one instance per layer, one thread at a time. Build instances outside
 * any open {@link PointerScope}.
 */
public final class DirectConv {
  private final ConvGeometry g;
  private final stream stream;
  private final Reorders reorders = new Reorders();
  private final memory.desc srcMd;
  private final memory.desc dstMd;
  private final memory.desc biasMd;
  private final memory.desc fwdWeightsMd;
  private final memory.desc bwdDataWeightsMd;
  private final memory.desc diffWeightsMd;
  private final convolution_forward forward;
  private final convolution_backward_data backwardData;
  private final convolution_backward_weights backwardWeights;
  private final String implementations;

  public DirectConv(ConvGeometry g) {
    this.g = g;
    this.stream = keep(new stream(Dnnl.engine()));
    srcMd = keep(new memory.desc(g.inputShape(), memory.data_type.f32, memory.format_tag.nhwc));
    dstMd = keep(new memory.desc(g.outputShape(), memory.data_type.f32, memory.format_tag.nhwc));
    memory.desc anyWeights = new memory.desc(g.weightShape(), memory.data_type.f32, memory.format_tag.any);
    biasMd = g.bias() ? keep(new memory.desc(new long[]{g.outChannels()}, memory.data_type.f32, memory.format_tag.x))
        : null;
    long[] strides = {g.strideH(), g.strideW()};
    long[] padL = {g.padTop(), g.padLeft()};
    long[] padR = {g.padBottom(), g.padRight()};

    convolution_forward.desc fd = g.bias()
        ? new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct, srcMd,
            anyWeights, biasMd, dstMd, strides, padL, padR)
        : new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct, srcMd,
            anyWeights, dstMd, strides, padL, padR);
    convolution_forward.primitive_desc fpd = keep(new convolution_forward.primitive_desc(fd, Dnnl.engine()));
    fwdWeightsMd = keep(fpd.weights_desc());
    forward = keep(new convolution_forward(fpd));

    convolution_backward_data.desc bdd = new convolution_backward_data.desc(dnnl.algorithm.convolution_direct, srcMd,
        anyWeights, dstMd, strides, padL, padR);
    convolution_backward_data.primitive_desc bdpd = keep(
        new convolution_backward_data.primitive_desc(bdd, Dnnl.engine(), fpd));
    bwdDataWeightsMd = keep(bdpd.weights_desc());
    backwardData = keep(new convolution_backward_data(bdpd));

    convolution_backward_weights.desc bwd = g.bias()
        ? new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, srcMd, anyWeights, biasMd, dstMd,
            strides, padL, padR)
        : new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, srcMd, anyWeights, dstMd, strides,
            padL, padR);
    convolution_backward_weights.primitive_desc bwpd = keep(
        new convolution_backward_weights.primitive_desc(bwd, Dnnl.engine(), fpd));
    diffWeightsMd = keep(bwpd.diff_weights_desc());
    backwardWeights = keep(new convolution_backward_weights(bwpd));
    implementations = "fwd " + fpd.impl_info_str().getString() + ", bwd_d " + bdpd.impl_info_str().getString()
        + ", bwd_w " + bwpd.impl_info_str().getString();
  }

  public ConvGeometry geometry() {
    return g;
  }

  /** oneDNN's implementation names of the three primitives (e.g. "brgconv:avx512_core"). */
  public String implementations() {
    return implementations;
  }

  /**
   * {@code y = conv(x, w) + b}. {@code w} is DL4J's [oC, iC, kH, kW]; {@code b} rank 1 of length oC
   * or null (when the geometry has no bias).
   */
  public void forward(INDArray x, INDArray w, INDArray b, INDArray y, Scratch scratch) {
    try (PointerScope scope = new PointerScope()) {
      runForward(x, weightsIn(w, fwdWeightsMd, scratch, "w-fwd"), b, y, scratch);
    }
  }

  /**
   * As {@link #forward} without bias, with {@code own} already in the forward primitive's weight
   * layout (a dense float32 array of {@link #primitiveWeightFloats()} elements, filled by
   * {@link #weightsToPrimitiveLayout}): no reorder of the weights.
   */
  public void forwardPrimitiveWeights(INDArray x, INDArray own, INDArray y, Scratch scratch) {
    try (PointerScope scope = new PointerScope()) {
      runForward(x, memoryOf(fwdWeightsMd, checkOwn(own, "weights")), null, y, scratch);
    }
  }

  private void runForward(INDArray x, memory weights, INDArray b, INDArray y, Scratch scratch) {
    check(x, g.inputShape(), "input");
    check(y, g.outputShape(), "output");
    INDArray src = toChannelsLast(x, scratch, "src");
    boolean direct = Dnnl.channelsLast(y);
    INDArray dst = direct ? y : Dnnl.channelsLastArray(scratch, g.batch(), g.outChannels(), g.outHeight(),
        g.outWidth());
    IntMemoryMap args = new IntMemoryMap();
    args.put(dnnl.DNNL_ARG_SRC, memoryOf(srcMd, src));
    args.put(dnnl.DNNL_ARG_WEIGHTS, weights);
    if (g.bias()) {
      args.put(dnnl.DNNL_ARG_BIAS, memoryOf(biasMd, bias(b)));
    }
    args.put(dnnl.DNNL_ARG_DST, memoryOf(dstMd, dst));
    forward.execute(stream, args);
    if (!direct) {
      copy(dst, y, "dst");
    }
  }

  /** {@code dx = conv_backward_data(dy, w)}: the gradient w.r.t. the input. */
  public void backwardData(INDArray w, INDArray dy, INDArray dx, Scratch scratch) {
    try (PointerScope scope = new PointerScope()) {
      runBackwardData(weightsIn(w, bwdDataWeightsMd, scratch, "w-bwd"), dy, dx, scratch);
    }
  }

  /**
   * As {@link #backwardData} with {@code own} in the forward primitive's weight layout; reordered
   * only when the backward-data primitive chose another layout ({@link #weightLayouts()}).
   */
  public void backwardDataPrimitiveWeights(INDArray own, INDArray dy, INDArray dx, Scratch scratch) {
    try (PointerScope scope = new PointerScope()) {
      checkOwn(own, "weights");
      memory weights;
      if (bwdDataWeightsMd.equals(fwdWeightsMd)) {
        weights = memoryOf(fwdWeightsMd, own);
      } else {
        INDArray staged = scratch.floats(bwdDataWeightsMd.get_size() / Float.BYTES);
        reorders.run(stream, "own-to-bwd", fwdWeightsMd, Dnnl.address(own), bwdDataWeightsMd, Dnnl.address(staged));
        weights = memoryOf(bwdDataWeightsMd, staged);
      }
      runBackwardData(weights, dy, dx, scratch);
    }
  }

  private void runBackwardData(memory weights, INDArray dy, INDArray dx, Scratch scratch) {
    check(dy, g.outputShape(), "output gradient");
    check(dx, g.inputShape(), "input gradient");
    INDArray diffDst = toChannelsLast(dy, scratch, "diff_dst");
    boolean direct = Dnnl.channelsLast(dx);
    INDArray diffSrc = direct ? dx : Dnnl.channelsLastArray(scratch, g.batch(), g.inChannels(), g.inHeight(),
        g.inWidth());
    IntMemoryMap args = new IntMemoryMap();
    args.put(dnnl.DNNL_ARG_DIFF_DST, memoryOf(dstMd, diffDst));
    args.put(dnnl.DNNL_ARG_WEIGHTS, weights);
    args.put(dnnl.DNNL_ARG_DIFF_SRC, memoryOf(srcMd, diffSrc));
    backwardData.execute(stream, args);
    if (!direct) {
      copy(diffSrc, dx, "diff_src");
    }
  }

  /**
   * {@code dw, db = conv_backward_weights(x, dy)}: written (not added) into DL4J's [oC, iC, kH, kW]
   * {@code dw} and, with a bias, the rank-1 {@code db}.
   */
  public void backwardWeights(INDArray x, INDArray dy, INDArray dw, INDArray db, Scratch scratch) {
    check(dw, g.weightShape(), "weight gradient");
    try (PointerScope scope = new PointerScope()) {
      memory.desc plain = Dnnl.describe(dw);
      boolean direct = plain.equals(diffWeightsMd);
      INDArray diffWeights = direct ? dw : scratch.floats(diffWeightsMd.get_size() / Float.BYTES);
      runBackwardWeights(x, dy, diffWeights, db, scratch);
      if (!direct) {
        reorders.run(stream, "dw:" + Arrays.toString(dw.stride()), diffWeightsMd, Dnnl.address(diffWeights), plain,
            Dnnl.address(dw));
      }
    }
  }

  /**
   * As {@link #backwardWeights} without bias, writing the weight gradient into {@code ownGradient}
   * in the forward primitive's weight layout (element i belongs to the same weight as element i of
   * the weights), so that an element-wise update needs no reorder. The backward-weights primitive's
   * output is reordered only when it chose another layout ({@link #weightLayouts()}).
   */
  public void backwardWeightsPrimitiveLayout(INDArray x, INDArray dy, INDArray ownGradient, Scratch scratch) {
    try (PointerScope scope = new PointerScope()) {
      checkOwn(ownGradient, "weight gradient");
      boolean direct = diffWeightsMd.equals(fwdWeightsMd);
      INDArray diffWeights = direct ? ownGradient : scratch.floats(diffWeightsMd.get_size() / Float.BYTES);
      runBackwardWeights(x, dy, diffWeights, null, scratch);
      if (!direct) {
        reorders.run(stream, "bwd-to-own", diffWeightsMd, Dnnl.address(diffWeights), fwdWeightsMd,
            Dnnl.address(ownGradient));
      }
    }
  }

  private void runBackwardWeights(INDArray x, INDArray dy, INDArray diffWeights, INDArray db, Scratch scratch) {
    check(x, g.inputShape(), "input");
    check(dy, g.outputShape(), "output gradient");
    INDArray src = toChannelsLast(x, scratch, "src");
    INDArray diffDst = toChannelsLast(dy, scratch, "diff_dst");
    IntMemoryMap args = new IntMemoryMap();
    args.put(dnnl.DNNL_ARG_SRC, memoryOf(srcMd, src));
    args.put(dnnl.DNNL_ARG_DIFF_DST, memoryOf(dstMd, diffDst));
    args.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, memoryOf(diffWeightsMd, diffWeights));
    if (g.bias()) {
      args.put(dnnl.DNNL_ARG_DIFF_BIAS, memoryOf(biasMd, bias(db)));
    }
    backwardWeights.execute(stream, args);
  }

  /**
   * Floats of the weights in the forward primitive's layout: at least oC·iC·kH·kW, more when a
   * blocked layout pads the channels (the padding stays zero through reorders, gradients and SGD).
   */
  public long primitiveWeightFloats() {
    return fwdWeightsMd.get_size() / Float.BYTES;
  }

  /**
   * Whether the backward-data and backward-weights primitives use the forward's weight layout, e.g.
   * "bwd_d same, bwd_w same": where one differs, the primitive-layout calls reorder for it.
   */
  public String weightLayouts() {
    return "bwd_d " + (bwdDataWeightsMd.equals(fwdWeightsMd) ? "same" : "differs") + ", bwd_w "
        + (diffWeightsMd.equals(fwdWeightsMd) ? "same" : "differs");
  }

  /** Copies DL4J's [oC, iC, kH, kW] {@code plain} (any strides) into {@code own}, in the primitive's layout. */
  public void weightsToPrimitiveLayout(INDArray plain, INDArray own) {
    check(plain, g.weightShape(), "weights");
    checkOwn(own, "weights");
    try (PointerScope scope = new PointerScope()) {
      reorders.run(stream, "to-own" + Arrays.toString(plain.stride()), Dnnl.describe(plain), Dnnl.address(plain),
          fwdWeightsMd, Dnnl.address(own));
    }
  }

  /** Copies {@code own} (the primitive's layout) into DL4J's [oC, iC, kH, kW] {@code plain} (any strides). */
  public void weightsFromPrimitiveLayout(INDArray own, INDArray plain) {
    check(plain, g.weightShape(), "weights");
    checkOwn(own, "weights");
    try (PointerScope scope = new PointerScope()) {
      reorders.run(stream, "from-own" + Arrays.toString(plain.stride()), fwdWeightsMd, Dnnl.address(own),
          Dnnl.describe(plain), Dnnl.address(plain));
    }
  }

  /**
   * {@code a} itself when it is channels last, otherwise a channels-last copy of it from
   * {@code scratch}. Callers may keep the copy to pass it to a later call (the backward passes read
   * the forward's input again).
   */
  public INDArray toChannelsLast(INDArray a, Scratch scratch) {
    try (PointerScope scope = new PointerScope()) {
      return toChannelsLast(a, scratch, "stage");
    }
  }

  private INDArray toChannelsLast(INDArray a, Scratch scratch, String role) {
    if (Dnnl.channelsLast(a)) {
      return a;
    }
    INDArray copy = Dnnl.channelsLastArray(scratch, a.size(0), a.size(1), a.size(2), a.size(3));
    copy(a, copy, role);
    return copy;
  }

  private void copy(INDArray from, INDArray to, String role) {
    reorders.run(stream, role + Arrays.toString(from.stride()) + Arrays.toString(to.stride()), Dnnl.describe(from),
        Dnnl.address(from), Dnnl.describe(to), Dnnl.address(to));
  }

  private memory weightsIn(INDArray w, memory.desc wanted, Scratch scratch, String role) {
    check(w, g.weightShape(), "weights");
    memory.desc plain = Dnnl.describe(w);
    if (plain.equals(wanted)) {
      return memoryOf(wanted, w);
    }
    INDArray staged = scratch.floats(wanted.get_size() / Float.BYTES);
    reorders.run(stream, role + Arrays.toString(w.stride()), plain, Dnnl.address(w), wanted, Dnnl.address(staged));
    return memoryOf(wanted, staged);
  }

  private INDArray checkOwn(INDArray own, String what) {
    if (own.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || own.length() != primitiveWeightFloats()
        || own.ordering() != 'c' || own.elementWiseStride() != 1) {
      throw new IllegalArgumentException("convolution " + g + ": " + what + " in the primitive's layout must be a"
          + " dense float32 array of " + primitiveWeightFloats() + " elements, got " + own.shapeInfoToString());
    }
    return own;
  }

  private INDArray bias(INDArray b) {
    if (b == null || b.length() != g.outChannels()) {
      throw new IllegalArgumentException("convolution " + g + " needs a bias (gradient) of length " + g.outChannels()
          + ", got " + (b == null ? "none" : b.shapeInfoToString()));
    }
    return b.rank() == 1 ? b : b.reshape(g.outChannels());
  }

  private static memory memoryOf(memory.desc md, INDArray a) {
    return new memory(md, Dnnl.engine(), Dnnl.address(a));
  }

  private void check(INDArray a, long[] shape, String what) {
    if (!Arrays.equals(a.shape(), shape)) {
      throw new IllegalArgumentException("convolution " + g + ": " + what + " must have shape " + Arrays.toString(shape)
          + ", got " + Arrays.toString(a.shape()));
    }
  }

  private static <P extends Pointer> P keep(P p) {
    p.retainReference();
    return p;
  }
}
