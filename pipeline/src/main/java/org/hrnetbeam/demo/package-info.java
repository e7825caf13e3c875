/**
 * The one-command demo's data. In: a seed and a size ({@link org.hrnetbeam.demo.DemoDataset}).
 * Out: synthetic street scenes in the official Cityscapes folder layout (photographs and
 * {@code labelIds} PNGs written with the project's own PNG writer), which the Cityscapes ingest and
 * label map read like the real data set, and the image-blind chance level
 * ({@link org.hrnetbeam.demo.ChanceLevel}) the demo's mIoU is compared with.
 */
package org.hrnetbeam.demo;
