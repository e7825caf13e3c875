package org.hrnetbeam.trainlog;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Everything a run logs, in one place: each {@link ProgressRecord} becomes a console line, a
 * {@code train_log.jsonl} line and the TensorBoard scalars {@code train_loss}, {@code lr} (the
 * backbone group; {@code lr_nonbackbone} too when there are two groups) and {@code images_per_s};
 * each validation becomes {@code valid_loss} and {@code valid_mIoU}.
 *
 * <p>Unlike the reference, which writes one {@code train_loss} point per epoch (the epoch's
 * average) and counts its TensorBoard steps in epochs, we write a point per logged iteration and
 * put every scalar at the global optimizer step, so training and validation curves share their x
 * axis and show movement within an epoch.
 */
public final class TrainLog implements Closeable {
  private final PrintStream console;
  private final JsonlLog jsonl;
  private final EventFileWriter events;

  private TrainLog(PrintStream console, JsonlLog jsonl, EventFileWriter events) {
    this.console = console;
    this.jsonl = jsonl;
    this.events = events;
  }

  /**
   * Opens {@code outputDir/train_log.jsonl} (appended to when {@code resume}) and a new event
   * file in {@code tensorboardDir}; both local or gs://, flushed at most every 10 s.
   */
  public static TrainLog open(Path outputDir, Path tensorboardDir, boolean resume, PrintStream console)
      throws IOException {
    return open(outputDir, tensorboardDir, resume, console, EventFileWriter.DEFAULT_FLUSH_MILLIS);
  }

  /** {@link #open(Path, Path, boolean, PrintStream)} with another flush interval (0: every line). */
  public static TrainLog open(Path outputDir, Path tensorboardDir, boolean resume, PrintStream console,
      long flushIntervalMillis) throws IOException {
    JsonlLog jsonl = JsonlLog.open(outputDir.resolve(JsonlLog.FILE_NAME), resume, flushIntervalMillis);
    try {
      return new TrainLog(console, jsonl, EventFileWriter.create(tensorboardDir, flushIntervalMillis));
    } catch (IOException | RuntimeException e) {
      jsonl.close();
      throw e;
    }
  }

  public void iteration(ProgressRecord r) throws IOException {
    iteration(r, true);
  }

  /**
   * Logs an iteration; {@code toConsole} false when the line was already printed live elsewhere
   * (by a training worker) and only the files should get it.
   */
  public void iteration(ProgressRecord r, boolean toConsole) throws IOException {
    if (toConsole) {
      console.println(ConsoleLine.format(r));
    }
    jsonl.iteration(r);
    events.scalar("train_loss", r.averageLoss(), r.globalStep());
    events.scalar("lr", r.lrs().get(0), r.globalStep());
    if (r.lrs().size() > 1) {
      events.scalar("lr_nonbackbone", r.lrs().get(1), r.globalStep());
    }
    events.scalar("images_per_s", r.imagesPerSecond(), r.globalStep());
  }

  /** Logs a validation after epoch {@code epoch}, at global step {@code step}. */
  public void validation(int epoch, long step, double loss, double meanIoU) throws IOException {
    console.println(String.format(Locale.ROOT, "Validation after epoch %d: Loss: %.4f, mIoU: %.4f", epoch, loss, meanIoU));
    jsonl.validation(epoch, step, loss, meanIoU);
    events.scalar("valid_loss", loss, step);
    events.scalar("valid_mIoU", meanIoU, step);
    events.flush();
  }

  public Path eventFile() {
    return events.path();
  }

  public Path jsonlFile() {
    return jsonl.path();
  }

  @Override
  public void close() throws IOException {
    try {
      jsonl.close();
    } finally {
      events.close();
    }
  }
}
