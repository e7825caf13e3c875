package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Model files of format version 1 keep loading and predicting the same (see {@link FrozenModelV1}). */
class FrozenModelTest {

  @Test
  void formatVersion1StillLoadsAndPredicts() throws IOException, URISyntaxException {
    Path model = resource(FrozenModelV1.MODEL);
    assertTrue(ModelFile.isModelFile(model));
    HrnetModel loaded = ModelFile.load(model, false);
    assertEquals(FrozenModelV1.spec(), loaded.spec());
    assertEquals("1", ModelFile.provenance(model).get("format"));
    Tensor expected = Npy.read(resource(FrozenModelV1.LOGITS));
    INDArray logits = loaded.logits(FrozenModelV1.input());
    INDArray want = Nd4j.create(expected.floats(), expected.shape(), 'c');
    double scale = want.amaxNumber().doubleValue();
    assertTrue(scale > 1e-3, "the frozen logits should not be near zero, max " + scale);
    assertTrue(want.sub(logits).amaxNumber().doubleValue() <= 1e-5 * scale,
        "frozen model predicts differently: max diff " + want.sub(logits).amaxNumber());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(FrozenModelTest.class.getResource(name).toURI());
  }
}
