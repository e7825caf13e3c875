package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Npz;
import org.hrnetbeam.weights.StateDict;
import org.hrnetbeam.weights.Tensor;
import org.hrnetbeam.weights.WeightFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** import-weights → infer → export-weights on the shared parity fixture, as a user runs them. */
class WeightsCommandsTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  private static final String DEMO = "../conf/demo/seg_hrnet_w18_small_v1_demo.yaml";


  @TempDir Path dir;

  @Test
  void importInferExportReproducesTheReference() throws IOException {
    Path fixture = fixture();
    String model = dir.resolve("w18s1.zip").toString();
    assertEquals(0, HrnetCommand.execute("import-weights", "--cfg", DEMO, "--from",
        fixture.resolve("w18s1_state_dict.pth").toString(), "--out", model), output.err());
    assertTrue(output.err().contains("loaded 363 tensors; ignored 72 num_batches_tracked"), output.err());

    Path logits = dir.resolve("logits.npy");
    assertEquals(0, HrnetCommand.execute("infer", "--cfg", DEMO, "--model", model, "--input",
        fixture.resolve("input_1x3x64x128.npy").toString(), "--output", logits.toString(), "--logits"), output.err());
    assertClose(Npy.read(fixture.resolve("logits_eval_1x19x16x32.npy")), Npy.read(logits), 2e-3);

    Path up = dir.resolve("up.npy");
    assertEquals(0, HrnetCommand.execute("infer", "--cfg", DEMO, "--model",
        fixture.resolve("w18s1_state_dict.npz").toString(), "--input", fixture.resolve("input_1x3x64x128.npy").toString(),
        "--output", up.toString(), "--logits", "--upsample"), output.err());
    assertClose(Npy.read(fixture.resolve("logits_eval_upsampled_1x19x64x128.npy")), Npy.read(up), 2e-3);

    Path pth = dir.resolve("back.pth");
    assertEquals(0, HrnetCommand.execute("export-weights", "--model", model, "--out", pth.toString()), output.err());
    StateDict exported = WeightFiles.read(pth).model();
    StateDict reference = Npz.read(fixture.resolve("w18s1_state_dict.npz"));
    for (String name : reference.names()) {
      assertEquals(reference.get(name), exported.get(name), name);
    }
    assertEquals(435, exported.size());
  }

  @Test
  void badInputsNameTheFile() throws IOException {
    Path notThere = dir.resolve("missing.npy");
    assertEquals(2, HrnetCommand.execute("infer", "--cfg", DEMO, "--model", "m.zip", "--input", notThere.toString(),
        "--output", dir.resolve("o.npy").toString()));
    assertTrue(output.err().contains(notThere.toString()), output.err());

    Path wrong = dir.resolve("wrong.npy");
    Npy.write(wrong, Tensor.ofFloats(new long[]{1, 4, 8, 8}, new float[256]));
    assertEquals(2, HrnetCommand.execute("infer", "--cfg", DEMO, "--model", "m.zip", "--input", wrong.toString(),
        "--output", dir.resolve("o.npy").toString()));
    assertTrue(output.err().contains("must be a float32 [N, 3, H, W] array, got float32[1, 4, 8, 8]"), output.err());

    Path npz = dir.resolve("w.npz");
    Npz.write(npz, new StateDict(), false);
    Path foreign = dir.resolve("foreign.npz");
    Npz.write(foreign, new StateDict().put("fc.weight", Tensor.ofFloats(new long[]{2, 2}, new float[4])), false);
    Path out = dir.resolve("never.zip");
    assertEquals(1, HrnetCommand.execute("import-weights", "--cfg", DEMO, "--from", foreign.toString(), "--out", output.out()));
    assertTrue(output.err().contains("has no tensor matching this network"), output.err());
    assertTrue(!Files.exists(out));
    assertEquals(2, HrnetCommand.execute("export-weights", "--model", npz.toString(), "--out", dir.resolve("x.pth").toString()));
    assertTrue(output.err().contains("is not an hrnet model file"), output.err());
  }

  private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
    assertEquals(expected.describe(), actual.describe());
    float[] e = expected.floats();
    float[] a = actual.floats();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    assertTrue(worst < tolerance, "max |diff| " + worst);
  }

  private static Path fixture() {
    Path d = Paths.get("").toAbsolutePath();
    while (d != null) {
      Path candidate = d.resolve("shared/fixtures/hrnet-parity");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      d = d.getParent();
    }
    Assumptions.assumeTrue(false, "shared/fixtures/hrnet-parity not found; skipping");
    return null;
  }
}
