/**
 * Pixels in and out, with no Beam types. In: PNG/JPEG bytes. Out: {@link
 * org.hrnetbeam.imageio.RgbImage} (8-bit RGB) and {@link org.hrnetbeam.imageio.LabelImage} (class
 * values; palette PNGs as indices, 16-bit gray kept), {@link org.hrnetbeam.imageio.ByteLabel} (train
 * ids, a byte per pixel, for the shards), OpenCV-exact resizing ({@link
 * org.hrnetbeam.imageio.Resize}, golden-tested against cv2) and PNG bytes for the shards ({@link
 * org.hrnetbeam.imageio.PngWriter}).
 */
package org.hrnetbeam.imageio;
