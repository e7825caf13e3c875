package org.hrnetbeam.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hrnetbeam.imageio.ImageDecodeException;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.Resize;
import org.hrnetbeam.imageio.RgbImage;

/**
 * Cityscapes-size benchmark inputs: the real cityscapes-sample frame (256×128) upscaled ×8
 * (bilinear image, nearest labelIds) plus seeded ±1 noise per channel, which makes 2.5 MB PNGs,
 * close to the about 2.3 MB of a real 2048×1024 leftImg8bit frame (a smooth upscale alone would be
 * unrealistically small and quick to inflate). Writes {@code img/NNNN.png}, {@code lbl/NNNN.png}
 * and a {@code train.lst} of the pairs; the same count always gives the same bytes.
 *
 * <pre>
 * java -cp pipeline/target/hrnet-all.jar org.hrnetbeam.prepare.CityscapesSizeInputs \
 *   ../shared/data/cityscapes-sample OUT_DIR COUNT
 * </pre>
 */
public final class CityscapesSizeInputs {
  private static final String FRAME = "leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png";
  private static final String LABEL = "gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png";

  private CityscapesSizeInputs() {}

  public static void main(String[] args) throws IOException, ImageDecodeException {
    if (args.length != 3) {
      System.err.println("usage: CityscapesSizeInputs CITYSCAPES_SAMPLE_DIR OUT_DIR COUNT");
      System.exit(2);
    }
    Path root = Path.of(args[1]);
    write(Path.of(args[0]), root, Integer.parseInt(args[2]));
    System.out.println(root.resolve("train.lst"));
  }

  /**
   * Writes {@code count} pairs under {@code root} unless its {@code train.lst} already lists that
   * many; {@code sample} is the cityscapes-sample folder.
   */
  public static void write(Path sample, Path root, int count) throws IOException, ImageDecodeException {
    Path list = root.resolve("train.lst");
    if (Files.exists(list) && Files.readAllLines(list).size() == count) {
      return;
    }
    for (String needed : List.of(FRAME, LABEL)) {
      if (!Files.isRegularFile(sample.resolve(needed))) {
        throw new IOException("cityscapes-sample frame missing: " + sample.resolve(needed));
      }
    }
    RgbImage small = ImageDecoder.decodeColour(Files.readAllBytes(sample.resolve(FRAME)), FRAME);
    LabelImage smallLabel = ImageDecoder.decodeLabel(Files.readAllBytes(sample.resolve(LABEL)), LABEL);
    RgbImage big = Resize.bilinear(small, 2048, 1024);
    LabelImage bigLabel = Resize.nearest(smallLabel, 2048, 1024);
    Files.createDirectories(root.resolve("img"));
    Files.createDirectories(root.resolve("lbl"));
    PngWriter png = new PngWriter(6);
    byte[] labelPng = png.encode(bigLabel);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] noisy = big.rgb().clone();
      SplittableRandom random = new SplittableRandom(i);
      for (int p = 0; p < noisy.length; p++) {
        int v = (noisy[p] & 0xFF) + random.nextInt(3) - 1;
        noisy[p] = (byte) Math.max(0, Math.min(255, v));
      }
      String name = String.format("%04d.png", i);
      Files.write(root.resolve("img").resolve(name), png.encode(new RgbImage(2048, 1024, noisy)));
      Files.write(root.resolve("lbl").resolve(name), labelPng);
      lines.add("img/" + name + "\tlbl/" + name);
    }
    Files.write(list, lines);
  }
}
