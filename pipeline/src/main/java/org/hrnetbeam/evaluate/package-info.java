/**
 * The evaluation stage as one Beam pipeline. In: an experiment config, a model (our model file or a
 * PyTorch checkpoint) and the prepared shards' val split (full resolution, un-augmented, train ids).
 * Flow: {@link org.hrnetbeam.evaluate.ReadValRecords} → {@link org.hrnetbeam.evaluate.SpreadImages}
 * → {@link org.hrnetbeam.evaluate.ScoreImages} (the model loaded once per DoFn instance, multi-scale
 * and flip inference by TEST.*, one confusion matrix per image) →
 * {@link org.hrnetbeam.evaluate.SumConfusion} (a {@code CombineFn}; sums of counts, so every runner
 * gives identical numbers); {@link org.hrnetbeam.evaluate.ChoosePictures} picks a few ids by a hash
 * of the sample id before scoring, and only those images make pictures. Out, in
 * {@code <output dir>/evaluation/}: {@code confusion.json} (the summed matrix and the val set's
 * identity), {@code pictures/}, then, from the launcher, {@code metrics.json}, {@code report.html}
 * and its pictures, and a per-class table on the console.
 */
package org.hrnetbeam.evaluate;
