package org.hrnetbeam.imageio;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Decodes PNG and JPEG bytes with {@code javax.imageio}.
 *
 * <p>Colour images must be 8-bit; gray ones are promoted to three equal channels and alpha is
 * dropped. Labels must have one channel: 1 to 8-bit gray, palette-indexed PNGs (the palette
 * index is the class, as in the reference, never the palette colour) or 16-bit gray.
 */
public final class ImageDecoder {

  static {
    // Without this ImageIO spools every stream through a temporary file.
    ImageIO.setUseCache(false);
  }

  private ImageDecoder() {}

  /** Decodes a colour image; {@code name} only appears in error messages. */
  public static RgbImage decodeColour(byte[] bytes, String name) throws ImageDecodeException {
    if (PngDecoder.isPng(bytes)) {
      PngDecoder.Raw raw = PngDecoder.decode(bytes, name);
      if (raw != null && raw.colourType() != 3) {
        return colourFrom(raw);
      }
    }
    BufferedImage image = read(bytes, name);
    Raster raster = image.getRaster();
    int width = image.getWidth();
    int height = image.getHeight();
    if (image.getColorModel() instanceof IndexColorModel) {
      return viaArgb(image);
    }
    int bits = raster.getSampleModel().getSampleSize(0);
    if (bits > 8) {
      throw new ImageDecodeException(ImageProblem.UNSUPPORTED_BIT_DEPTH,
          name + ": " + bits + "-bit colour images are not supported (8-bit only)");
    }
    int bands = raster.getNumBands();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
      byte[] rgb = new byte[width * height * 3];
      for (int i = 0; i < rgb.length; i += 3) {
        rgb[i] = bgr[i + 2];
        rgb[i + 1] = bgr[i + 1];
        rgb[i + 2] = bgr[i];
      }
      return new RgbImage(width, height, rgb);
    }
    if (bands <= 2 && bits == 8 && image.getColorModel() instanceof ComponentColorModel) {
      // Gray or gray + alpha: promote the gray band to R = G = B.
      byte[] rgb = new byte[width * height * 3];
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, 0, row);
        int o = y * width * 3;
        for (int x = 0; x < width; x++) {
          byte v = (byte) row[x];
          rgb[o++] = v;
          rgb[o++] = v;
          rgb[o++] = v;
        }
      }
      return new RgbImage(width, height, rgb);
    }
    return viaArgb(image);
  }

  /** Decodes a single-channel label image into class values (palette indices stay indices). */
  public static LabelImage decodeLabel(byte[] bytes, String name) throws ImageDecodeException {
    if (PngDecoder.isPng(bytes)) {
      PngDecoder.Raw raw = PngDecoder.decode(bytes, name);
      if (raw != null) {
        return labelFrom(raw, name);
      }
    }
    return viaImageIo(bytes, name);
  }

  /**
   * Decodes a label as {@link #decodeLabel} does, with the same values and errors, but keeps an
   * 8-bit PNG's values as bytes ({@link ByteLabel}); 16-bit and non-PNG labels come as ints.
   */
  public static DecodedLabel decodeSourceLabel(byte[] bytes, String name) throws ImageDecodeException {
    if (PngDecoder.isPng(bytes)) {
      PngDecoder.Raw raw = PngDecoder.decode(bytes, name);
      if (raw != null) {
        return raw.bitDepth() == 8 ? byteLabelFrom(raw, name) : labelFrom(raw, name);
      }
    }
    return viaImageIo(bytes, name);
  }

  private static LabelImage viaImageIo(byte[] bytes, String name) throws ImageDecodeException {
    BufferedImage image = read(bytes, name);
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    if (bands != 1) {
      throw new ImageDecodeException(ImageProblem.UNSUPPORTED_CHANNELS,
          name + ": a label must have one channel (gray or palette-indexed), this one has " + bands);
    }
    int bits = raster.getSampleModel().getSampleSize(0);
    if (bits > 16) {
      throw new ImageDecodeException(ImageProblem.UNSUPPORTED_BIT_DEPTH,
          name + ": " + bits + "-bit labels are not supported (up to 16-bit gray)");
    }
    int width = image.getWidth();
    int height = image.getHeight();
    // The raster holds palette indices for indexed images: exactly the class values we want.
    int[] values = raster.getSamples(0, 0, width, height, 0, new int[width * height]);
    return new LabelImage(width, height, values);
  }

  private static RgbImage colourFrom(PngDecoder.Raw raw) {
    int w = raw.width();
    int h = raw.height();
    int channels = raw.channels();
    byte[] rows = raw.rows();
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      int in = y * (raw.stride() + 1) + 1;
      int out = y * w * 3;
      if (channels == 3) {
        System.arraycopy(rows, in, rgb, out, w * 3);
        continue;
      }
      for (int x = 0; x < w; x++, in += channels) {
        if (channels <= 2) {
          rgb[out++] = rows[in];
          rgb[out++] = rows[in];
          rgb[out++] = rows[in];
        } else {
          rgb[out++] = rows[in];
          rgb[out++] = rows[in + 1];
          rgb[out++] = rows[in + 2];
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static LabelImage labelFrom(PngDecoder.Raw raw, String name) throws ImageDecodeException {
    requireOneChannel(raw, name);
    int w = raw.width();
    int h = raw.height();
    byte[] rows = raw.rows();
    int[] values = new int[w * h];
    for (int y = 0; y < h; y++) {
      int in = y * (raw.stride() + 1) + 1;
      int out = y * w;
      if (raw.bitDepth() == 16) {
        for (int x = 0; x < w; x++, in += 2) {
          values[out + x] = (rows[in] & 0xFF) << 8 | (rows[in + 1] & 0xFF);
        }
      } else {
        for (int x = 0; x < w; x++) {
          values[out + x] = rows[in + x] & 0xFF;
        }
      }
    }
    return new LabelImage(w, h, values);
  }

  private static ByteLabel byteLabelFrom(PngDecoder.Raw raw, String name) throws ImageDecodeException {
    requireOneChannel(raw, name);
    int w = raw.width();
    byte[] ids = new byte[w * raw.height()];
    for (int y = 0; y < raw.height(); y++) {
      System.arraycopy(raw.rows(), y * (raw.stride() + 1) + 1, ids, y * w, w);
    }
    return new ByteLabel(w, raw.height(), ids);
  }

  private static void requireOneChannel(PngDecoder.Raw raw, String name) throws ImageDecodeException {
    if (raw.channels() != 1) {
      throw new ImageDecodeException(ImageProblem.UNSUPPORTED_CHANNELS,
          name + ": a label must have one channel (gray or palette-indexed), this one has " + raw.channels());
    }
  }

  private static BufferedImage read(byte[] bytes, String name) throws ImageDecodeException {
    if (bytes.length == 0) {
      throw new ImageDecodeException(ImageProblem.EMPTY_FILE, name + ": the file is empty");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(ImageProblem.UNREADABLE,
          name + ": cannot decode (" + e.getMessage() + ")", e);
    }
    if (image == null) {
      throw new ImageDecodeException(ImageProblem.UNREADABLE,
          name + ": not a PNG or JPEG image (" + bytes.length + " bytes)");
    }
    return image;
  }

  private static RgbImage viaArgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0, o = 0; i < argb.length; i++) {
      rgb[o++] = (byte) (argb[i] >> 16);
      rgb[o++] = (byte) (argb[i] >> 8);
      rgb[o++] = (byte) argb[i];
    }
    return new RgbImage(width, height, rgb);
  }
}
