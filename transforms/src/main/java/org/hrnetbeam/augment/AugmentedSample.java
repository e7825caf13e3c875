package org.hrnetbeam.augment;

import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.RgbImage;

/**
 * One generated training sample and the draws that made it (kept for debugging and tests).
 *
 * @param scale the drawn scale (1.0 when MULTI_SCALE is off)
 * @param cropX left edge of the crop in the scaled, padded image
 * @param cropY top edge of the crop
 * @param brightness the brightness shift added (0 when off or not drawn)
 * @param flipped whether image and label were mirrored
 */
public record AugmentedSample(RgbImage image, ByteLabel label, double scale, int cropX, int cropY,
    int brightness, boolean flipped) {}
