package org.hrnetbeam.remap;

import java.util.Map;
import org.hrnetbeam.imageio.ByteLabel;

/**
 * A label in train ids, with the pixels whose source value the map did not cover.
 *
 * @param label train ids (0..classes−1) and ignore, one byte per pixel
 * @param unmapped source value → pixel count, for values the map does not mention (now ignore)
 * @param classPixels pixels per train id (index = class), ignore not counted
 */
public record RemappedLabel(ByteLabel label, Map<Integer, Long> unmapped, long[] classPixels) {}
