package org.hrnetbeam.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime side of {@link ResizeBilinearVertex}: forward {@code Rh·X·Rwᵀ}, backward {@code Rhᵀ·G·Rw}.
 * Float32 arrays take the two-tap form ({@link TwoTapResize}); other types the matrix products.
 */
public class ResizeBilinearVertexImpl extends ParameterlessVertexImpl {
  private final boolean alignCorners;
  /** (in, out) → {R, Rᵀ}, kept outside any workspace so they live as long as the vertex. */
  private final Map<Long, INDArray[]> matrices = new ConcurrentHashMap<>();
  /** (in, out) → the taps of one axis. */
  private final Map<Long, BilinearTaps> taps = new ConcurrentHashMap<>();
  private final INDArray[] forwardPerPlane = new INDArray[1];
  private final INDArray[] backwardPerPlane = new INDArray[1];

  public ResizeBilinearVertexImpl(ComputationGraph graph, String name, int index, boolean alignCorners,
                  DataType dataType) {
    super(graph, name, index, dataType);
    this.alignCorners = alignCorners;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    requireInputs();
    INDArray x = inputs[0];
    INDArray target = inputs[1];
    if (x.rank() != 4 || target.rank() != 4) {
      throw new IllegalArgumentException("vertex " + vertexName + " needs NCHW inputs, got ranks "
          + x.rank() + " and " + target.rank());
    }
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    int ho = (int) target.size(2);
    int wo = (int) target.size(3);
    if (h == ho && w == wo) {
      return workspaceMgr.dup(ArrayType.ACTIVATIONS, x);
    }
    if (x.dataType() == DataType.FLOAT) {
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
          new long[]{x.size(0), x.size(1), ho, wo}, 'c');
      try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.FF_WORKING_MEM)) {
        TwoTapResize.forward(TwoTapResize.fits(x) ? x : x.dup('c'), taps(h, ho), taps(w, wo), out);
      }
      return out;
    }
    INDArray[] rows = matrices(h, ho, x.dataType());
    INDArray[] cols = matrices(w, wo, x.dataType());
    // Only the result stays in the activation workspace (kept until the backward pass); the three
    // intermediates of the two products go to the per-vertex working memory.
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
        new long[]{x.size(0), x.size(1), ho, wo}, 'c');
    try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.FF_WORKING_MEM)) {
      return SeparableResize.into(x, perPlane(rows[0], x.size(0) * x.size(1), false), cols[1], out);
    }
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("vertex " + vertexName + ": epsilon not set");
    }
    INDArray x = inputs[0];
    INDArray target = inputs[1];
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    int ho = (int) target.size(2);
    int wo = (int) target.size(3);
    INDArray dx;
    if (h == ho && w == wo) {
      dx = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
    } else if (epsilon.dataType() == DataType.FLOAT) {
      dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
      try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.BP_WORKING_MEM)) {
        TwoTapResize.backward(TwoTapResize.fits(epsilon) ? epsilon : epsilon.dup('c'), taps(h, ho), taps(w, wo), dx);
      }
    } else {
      INDArray[] rows = matrices(h, ho, epsilon.dataType());
      INDArray[] cols = matrices(w, wo, epsilon.dataType());
      dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), x.shape(), 'c');
      try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.BP_WORKING_MEM)) {
        SeparableResize.into(epsilon, perPlane(rows[1], x.size(0) * x.size(1), true), cols[0], dx);
      }
    }
    // The size donor gets no gradient: only its shape was used.
    INDArray dTarget = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, target.dataType(), target.shape(), 'c');
    return new Pair<>(new DefaultGradient(), new INDArray[]{dx, dTarget});
  }

  private BilinearTaps taps(int in, int out) {
    return taps.computeIfAbsent(((long) in << 32) | out, k -> BilinearTaps.of(in, out, alignCorners));
  }

  /**
   * {R [out, in], Rᵀ [in, out]} for one axis, kept outside any workspace so they live as long as
   * the vertex.
   */
  private INDArray[] matrices(int in, int out, DataType type) {
    long key = ((long) in << 32) | out;
    INDArray[] cached = matrices.get(key);
    if (cached != null && cached[0].dataType() == type) {
      return cached;
    }
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray r = Nd4j.create(BilinearWeights.matrix(in, out, alignCorners)).castTo(type);
      INDArray[] pair = {r, r.transpose().dup('c')};
      matrices.put(key, pair);
      return pair;
    }
  }

  /**
   * The height matrix repeated once per plane for the batched product (see {@link SeparableResize}),
   * cached for the last plane count and direction seen (a few MB at most for HRNet's sizes).
   */
  private INDArray perPlane(INDArray left, long planes, boolean backward) {
    INDArray[] cache = backward ? backwardPerPlane : forwardPerPlane;
    INDArray cached = cache[0];
    if (cached != null && cached.size(0) == planes && cached.size(1) == left.size(0)
        && cached.size(2) == left.size(1) && cached.dataType() == left.dataType()) {
      return cached;
    }
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      cache[0] = SeparableResize.perPlane(left, planes);
      return cache[0];
    }
  }

  @Override
  public String toString() {
    return "ResizeBilinearVertexImpl(name=" + vertexName + ", alignCorners=" + alignCorners + ")";
  }
}
