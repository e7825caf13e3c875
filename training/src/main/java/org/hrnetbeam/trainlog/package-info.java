/**
 * What a training run tells its user while it runs: the console progress line every PRINT_FREQ
 * iterations, {@code train_log.jsonl} (one JSON object per logged iteration or validation) and
 * TensorBoard event files ({@code events.out.tfevents.*}) with {@code train_loss}, {@code lr},
 * {@code images_per_s}, {@code valid_loss} and {@code valid_mIoU}.
 *
 * <p>In: per-iteration measurements (loss, batch and data-wait time) and per-validation results
 * from the trainer, the learning rates from {@link org.hrnetbeam.schedule}. Out: text on a
 * {@link java.io.PrintStream} and files in a log folder, local or gs:// (staged locally and
 * uploaded whole on every flush, since a Cloud Storage object cannot be appended to).
 */
package org.hrnetbeam.trainlog;
