/**
 * Stage 2 of prepare. In: decoded labels in dataset values. Out: labels in train ids (ignore =
 * 255), one byte per pixel ({@link org.hrnetbeam.imageio.ByteLabel}), through a {@link org.hrnetbeam.remap.LabelMap} read from conf/labelmaps, with per-sample
 * class histograms and counts of values the map did not cover ({@link
 * org.hrnetbeam.remap.LabelStats}, summed into {@link org.hrnetbeam.remap.DatasetStats}). The pipeline
 * module's {@code MakeShardRecords} runs it inside Beam; each map also inverts, for exporting
 * predictions.
 */
package org.hrnetbeam.remap;
