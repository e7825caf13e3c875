package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The logit upsampling against PyTorch's {@code F.interpolate} output in the shared parity fixture. */
class TwoTapBilinearParityTest {

  @ParameterizedTest(name = "align_corners={1}")
  @CsvSource({"'',false", "extra_align_corners_true/,true"})
  void upsamplesLogitsExactlyAsPytorch(String dir, boolean alignCorners) throws Exception {
    Path fixture = SharedData.require("fixtures/hrnet-parity");
    Tensor logits = Npy.read(fixture.resolve(dir + "logits_eval_1x19x16x32.npy"));
    Tensor expected = Npy.read(fixture.resolve(dir + "logits_eval_upsampled_1x19x64x128.npy"));
    Planes up = TwoTapBilinear.resize(Planes.wrap(19, 16, 32, logits.floats()), 64, 128, alignCorners);
    float[] want = expected.floats();
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < want.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(want[i]));
      maxDiff = Math.max(maxDiff, Math.abs(want[i] - up.data()[i]));
    }
    // logits reach |452|: a few float32 ulps of that
    assertEquals(0.0, maxDiff / maxAbs, 1e-6, "max |diff| " + maxDiff);
  }
}
