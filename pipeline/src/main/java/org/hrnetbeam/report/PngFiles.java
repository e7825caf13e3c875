package org.hrnetbeam.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.hrnetbeam.storage.Storage;

/** PNG encoding through {@code javax.imageio}, written atomically (local or gs:// paths). */
public final class PngFiles {
  private PngFiles() {}

  public static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding failed", e);
    }
    return out.toByteArray();
  }

  public static void write(Path target, BufferedImage image) throws IOException {
    Storage.writeAtomically(target, encode(image));
  }
}
