package org.hrnetbeam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.hrnetbeam.imageio.TestPngs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad-input kind becomes a dead letter naming the file, the reason and the stage. */
class SampleReaderTest {
  @TempDir Path dir;

  @Test
  void goodPairDecodes() throws Exception {
    DecodedSample s = SampleReader.read(ref(write("i.png", png(8, 6, BufferedImage.TYPE_3BYTE_BGR)),
        write("l.png", png(8, 6, BufferedImage.TYPE_BYTE_GRAY))));
    assertEquals(8, s.image().width());
    assertEquals(6, s.label().height());
  }

  @Test
  void missingImage() throws Exception {
    assertRejected("missing_image", "nope.png", ref(dir.resolve("nope.png"), write("l.png", png(8, 6, BufferedImage.TYPE_BYTE_GRAY))));
  }

  @Test
  void missingLabelFileAndNoLabelAtAll() throws Exception {
    Path image = write("i.png", png(8, 6, BufferedImage.TYPE_3BYTE_BGR));
    assertRejected("missing_label", "gone.png", ref(image, dir.resolve("gone.png")));
    assertRejected("missing_label", "i.png", new SampleRef("i", "train", image.toString(), ""));
  }

  @Test
  void emptyFile() throws Exception {
    assertRejected("empty_file", "e.png", ref(write("e.png", new byte[0]), write("l.png", png(8, 6, BufferedImage.TYPE_BYTE_GRAY))));
  }

  @Test
  void truncatedImage() throws Exception {
    byte[] whole = png(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    assertRejected("unreadable", "t.png", ref(write("t.png", Arrays.copyOf(whole, whole.length / 2)),
        write("l.png", png(64, 48, BufferedImage.TYPE_BYTE_GRAY))));
  }

  @Test
  void unreadableLabel() throws Exception {
    assertRejected("unreadable", "l.png", ref(write("i.png", png(8, 6, BufferedImage.TYPE_3BYTE_BGR)),
        write("l.png", "garbage".getBytes())));
  }

  @Test
  void sizeMismatchNamesBothSizes() throws Exception {
    SampleRejectedException e = assertRejected("size_mismatch", "l.png", ref(write("i.png", png(8, 6, BufferedImage.TYPE_3BYTE_BGR)),
        write("l.png", png(8, 5, BufferedImage.TYPE_BYTE_GRAY))));
    assertEquals(true, e.deadLetter().detail().contains("8x5") && e.deadLetter().detail().contains("8x6"));
  }

  @Test
  void unsupportedBitDepthAndChannels() throws Exception {
    Path label = write("l.png", png(4, 4, BufferedImage.TYPE_BYTE_GRAY));
    assertRejected("unsupported_bit_depth", "deep.png", ref(write("deep.png", TestPngs.blank(4, 4, 16, 2)), label));
    assertRejected("unsupported_channels", "rgb.png", ref(write("i.png", png(4, 4, BufferedImage.TYPE_3BYTE_BGR)),
        write("rgb.png", TestPngs.blank(4, 4, 8, 2))));
  }

  private SampleRejectedException assertRejected(String reason, String fileName, SampleRef ref) {
    SampleRejectedException e = assertThrows(SampleRejectedException.class, () -> SampleReader.read(ref));
    assertEquals(reason, e.deadLetter().reason());
    assertEquals("ingest", e.deadLetter().stage());
    assertEquals(fileName, Path.of(e.deadLetter().path()).getFileName().toString());
    return e;
  }

  private SampleRef ref(Path image, Path label) {
    return new SampleRef(image.getFileName().toString(), "train", image.toString(), label.toString());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] png(int w, int h, int type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, type), "png", out);
    return out.toByteArray();
  }
}
