package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.hrnetbeam.model.ResizeBilinearVertexImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ChannelsLastResize} against the model's own NCHW resize vertex ({@link ResizeBilinearVertexImpl})
 * on the same values, forward and backward, both align_corners conventions, at the branch sizes of
 * HRNet's 72×136 input (18×34, 9×17, 5×9, 3×5) and a few others (shrinking, one row, equal sizes).
 *
 * <p>Against the vertex in float32: bit-equal (the same float operations in the same order, see
 * the class). Against the vertex in float64 (its dense-matrix path, built from
 * {@code BilinearWeights} independently of the taps): 1e-6 of the largest magnitude, float32
 * rounding of at most four products and three sums per value (about 4e-7 relative).
 */
class ChannelsLastResizeTest {
  private static final int N = 2;

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, {4} channels, align_corners {5}")
  @CsvSource({
      "9,17,18,34,5,false", "9,17,18,34,5,true",
      "5,9,18,34,16,false", "5,9,18,34,16,true",
      "3,5,18,34,3,false", "3,5,9,17,7,true",
      "3,5,5,9,1,false", "18,34,9,17,4,false", "18,34,5,9,4,true",
      "1,7,4,3,2,false", "1,7,4,3,2,true", "6,6,6,6,3,false"})
  void matchesTheModelsResizeVertex(int h, int w, int ho, int wo, int c, boolean alignCorners) {
    Random random = new Random(31L * h + w + ho + c);
    INDArray x = gaussian(random, N, c, h, w);
    INDArray gradOut = gaussian(random, N, c, ho, wo);

    NhwcArray in = new NhwcArray(N, c, h, w);
    in.assignFromNchw(x);
    ChannelsLastResize resize = new ChannelsLastResize(in, ho, wo, alignCorners);
    NhwcArray out = resize.newOutputShaped();
    resize.forward(in, out);
    NhwcArray g = resize.newOutputShaped();
    g.assignFromNchw(gradOut);
    NhwcArray dx = new NhwcArray(N, c, h, w);
    resize.backward(g, dx);

    INDArray[] float32 = vertex(x, gradOut, alignCorners, DataType.FLOAT);
    assertArrayEquals(float32[0].dup('c').data().asFloat(), out.toNchw().data().asFloat(),
        "forward differs from the float32 vertex");
    assertArrayEquals(float32[1].dup('c').data().asFloat(), dx.toNchw().data().asFloat(),
        "backward differs from the float32 vertex");

    INDArray[] float64 = vertex(x, gradOut, alignCorners, DataType.DOUBLE);
    assertClose("forward vs float64", float64[0], out.toNchw());
    assertClose("backward vs float64", float64[1], dx.toNchw());
  }

  @ParameterizedTest(name = "align_corners {0}")
  @CsvSource({"false", "true"})
  void secondCallGivesTheSameBits(boolean alignCorners) {
    Random random = new Random(3);
    NhwcArray in = new NhwcArray(N, 8, 5, 9);
    in.assignFromNchw(gaussian(random, N, 8, 5, 9));
    ChannelsLastResize resize = new ChannelsLastResize(in, 18, 34, alignCorners);
    NhwcArray g = resize.newOutputShaped();
    g.assignFromNchw(gaussian(random, N, 8, 18, 34));
    NhwcArray dx = new NhwcArray(N, 8, 5, 9);
    resize.backward(g, dx);
    float[] first = dx.toNchw().data().asFloat();
    resize.backward(g, dx);
    assertArrayEquals(first, dx.toNchw().data().asFloat(), "the kept scratch leaked into the next backward");
  }

  @ParameterizedTest(name = "wrong output {0}x{1}")
  @CsvSource({"18,33", "17,34"})
  void refusesAnOutputOfAnotherSize(int ho, int wo) {
    NhwcArray in = new NhwcArray(N, 4, 9, 17);
    ChannelsLastResize resize = new ChannelsLastResize(in, 18, 34, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> resize.forward(in, new NhwcArray(N, 4, ho, wo)));
    assertTrue(e.getMessage().contains(ho + "x" + wo) && e.getMessage().contains("18x34"), e.getMessage());
  }

  /** {forward output, input gradient} of the model's vertex on {@code x} (NCHW) in {@code type}. */
  private static INDArray[] vertex(INDArray x, INDArray gradOut, boolean alignCorners, DataType type) {
    GraphVertex v = new ResizeBilinearVertexImpl(null, "up", 0, alignCorners, type);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    INDArray target = Nd4j.zeros(type, gradOut.shape());
    v.setInputs(x.castTo(type), target);
    INDArray out = v.doForward(true, mgr).dup();
    v.setEpsilon(gradOut.castTo(type));
    INDArray dx = v.doBackward(false, mgr).getSecond()[0].dup();
    return new INDArray[]{out, dx};
  }

  static INDArray gaussian(Random random, long... shape) {
    float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Nd4j.createFromArray(v).reshape(shape);
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
    double scale = e.amaxNumber().doubleValue();
    double error = e.sub(a).amaxNumber().doubleValue() / Math.max(scale, 1e-30);
    assertTrue(scale > 0, what + ": expected array is all zeros, the check would be empty");
    assertTrue(error < 1e-6, what + ": relative max difference " + error + " above 1e-6");
  }
}
