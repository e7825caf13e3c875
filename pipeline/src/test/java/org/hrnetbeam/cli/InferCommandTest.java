package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.model.StateDictBinding;
import org.hrnetbeam.report.ImagePrediction;
import org.hrnetbeam.report.Palette;
import org.hrnetbeam.report.TrainedModel;
import org.hrnetbeam.weights.WeightFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InferCommandTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  private static final String CAMVID = "../conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml";
  // small test geometry so the forward stays cheap: a 48x64 image at scale 1
  private static final List<String> SMALL = List.of("TEST.BASE_SIZE", "64", "TEST.IMAGE_SIZE", "[64, 48]");

  @TempDir Path dir;

  private Path writeModel(ExperimentConfig config) throws Exception {
    HrnetSpec spec = HrnetSpec.from(config);
    // The reference init (N(0, 0.001)) makes every pixel the same class; He-scaled conv kernels do not.
    HrnetModel model = HrnetModel.create(spec, 11);
    long seed = 5;
    for (java.util.Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> p
        : ParameterNames.named(model.graph()).entrySet()) {
      org.nd4j.linalg.api.ndarray.INDArray v = p.getValue();
      if (p.getKey().endsWith(".weight") && v.rank() == 4) {
        double fanIn = v.length() / v.size(0);
        v.assign(org.nd4j.linalg.factory.Nd4j.randn(seed++, v.shape()).muli(Math.sqrt(2 / fanIn)));
      }
    }
    Path weights = dir.resolve("model.npz");
    WeightFiles.write(weights, StateDictBinding.toStateDict(model.graph()));
    return weights;
  }

  private Path writeImage() throws Exception {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(9);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    Path file = dir.resolve("street.png");
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static String[] args(String... head) {
    List<String> all = new java.util.ArrayList<>(List.of(head));
    all.addAll(SMALL);
    return all.toArray(String[]::new);
  }

  @Test
  void writesTheColourPredictionAndTheLabelIdPrediction() throws Exception {
    ExperimentConfig config = ExperimentConfig.load(Path.of(CAMVID), SMALL);
    Path weights = writeModel(config);
    Path image = writeImage();
    Path colour = dir.resolve("out/colour.png");
    Path ids = dir.resolve("ids.png");
    assertEquals(0, HrnetCommand.execute(args("infer", "--cfg", CAMVID, "--model", weights.toString(), "--input",
        image.toString(), "--output", colour.toString())), output.err());
    assertEquals(0, HrnetCommand.execute(args("infer", "--cfg", CAMVID, "--model", weights.toString(), "--input",
        image.toString(), "--output", ids.toString(), "--label-ids")), output.err());

    int[] expected = new ImagePrediction(config, TrainedModel.load(config, weights.toString())::logits)
        .predict(ImageIO.read(image.toFile()));
    BufferedImage colourPng = ImageIO.read(colour.toFile());
    BufferedImage idPng = ImageIO.read(ids.toFile());
    assertEquals(64, colourPng.getWidth());
    assertEquals(48, colourPng.getHeight());
    java.util.Set<Integer> classes = new java.util.HashSet<>();
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int label = expected[y * 64 + x];
        classes.add(label);
        assertEquals(Palette.camvid().colour(label), colourPng.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
        // CamVid's label map is the identity on 0..10
        assertEquals(label, idPng.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
      }
    }
    assertTrue(classes.size() > 1, "the test network predicts more than one class: " + classes);
  }

  @Test
  void withoutAModelItFailsAsAUsageError() throws Exception {
    Path image = writeImage();
    assertEquals(2, HrnetCommand.execute(args("infer", "--cfg", CAMVID, "--input", image.toString(), "--output",
        dir.resolve("x.png").toString())));
    assertTrue(output.err().contains("--model"), output.err());
  }
}
