package org.hrnetbeam.data;

/**
 * One decoded training sample, ready to stack into a batch.
 *
 * @param sampleId the source image's id
 * @param copy the augmented copy index
 * @param width image width
 * @param height image height
 * @param chw normalised image, channel-major (R plane, G plane, B plane), row after row
 * @param labelWidth label width (smaller than the image when DOWNSAMPLERATE > 1)
 * @param labelHeight label height
 * @param labels class per label pixel, row after row; ignored pixels hold the run's IGNORE_LABEL
 */
public record NormalizedSample(String sampleId, int copy, int width, int height, float[] chw,
    int labelWidth, int labelHeight, int[] labels) {}
