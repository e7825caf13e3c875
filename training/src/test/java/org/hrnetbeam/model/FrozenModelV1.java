package org.hrnetbeam.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The frozen model of model-file format version 1 and how it was made. Regenerate (only when the
 * format changes on purpose, then bump the version) with:
 * <pre>
 * java -cp training/target/test-classes:training/target/classes:... org.hrnetbeam.model.FrozenModelV1 \
 *     training/src/test/resources/org/hrnetbeam/model
 * </pre>
 */
final class FrozenModelV1 {
  static final String MODEL = "frozen-model-v1.zip";
  static final String LOGITS = "frozen-model-v1-logits.npy";

  private FrozenModelV1() {
  }

  /** A deliberately tiny HRNet (every stage, every fuse path) with 3 classes. */
  static HrnetSpec spec() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("FINAL_CONV_KERNEL", 3);
    extra.put("STAGE1", stage(1, "BOTTLENECK", List.of(1), List.of(4)));
    extra.put("STAGE2", stage(1, "BASIC", List.of(1, 1), List.of(2, 4)));
    extra.put("STAGE3", stage(1, "BASIC", List.of(1, 1, 1), List.of(2, 4, 8)));
    extra.put("STAGE4", stage(1, "BASIC", List.of(1, 1, 1, 1), List.of(2, 4, 8, 16)));
    return HrnetSpec.fromExtra(extra, 3, true, 0.1);
  }

  /** A fixed, non-trivial input: a smooth ramp per channel. */
  static INDArray input() {
    return Nd4j.linspace(-2, 2, 3 * 36 * 52, DataType.FLOAT).reshape(1, 3, 36, 52);
  }

  private static Map<String, Object> stage(int modules, String block, List<Integer> blocks, List<Integer> channels) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("NUM_MODULES", modules);
    m.put("NUM_BRANCHES", channels.size());
    m.put("BLOCK", block);
    m.put("NUM_BLOCKS", blocks);
    m.put("NUM_CHANNELS", channels);
    m.put("FUSE_METHOD", "SUM");
    return m;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    HrnetModel model = HrnetModel.create(spec(), 20261127);
    // The reference init makes logits almost input-independent; scale weights up so the check bites.
    for (Map.Entry<String, INDArray> e : ParameterNames.named(model.graph()).entrySet()) {
      if (e.getKey().endsWith(".weight") && e.getValue().rank() == 4) {
        e.getValue().muli(300);
      }
    }
    ModelFile.save(model, dir.resolve(MODEL), false, Map.of("made_by", "FrozenModelV1.main", "format", "1"));
    INDArray logits = model.logits(input());
    Npy.write(dir.resolve(LOGITS), Tensor.ofFloats(logits.shape(), logits.dup('c').data().asFloat()));
  }
}
