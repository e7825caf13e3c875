package org.hrnetbeam.trainlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hrnetbeam.storage.Storage;

/**
 * {@code train_log.jsonl}: one JSON object per line, for scripts and plots. A training line:
 * <pre>{"type":"train","epoch":3,"epochs":484,"iteration":120,"epoch_iters":495,"step":1605,
 *  "lr":[0.00983,0.0983],"loss":0.6123,"time_s":1.23,"data_s":0.02,"images_per_s":3.2,
 *  "eta_s":3723.0,"wall_time":1.7e9}</pre>
 * A validation line: {@code {"type":"valid","epoch":3,"step":1980,"loss":..,"mIoU":..,"wall_time":..}}.
 * {@code step} is the global optimizer step, as on the TensorBoard x axis; {@code lr} is per
 * optimizer group, as set after the step (the reference's convention).
 */
public final class JsonlLog implements Closeable {
  /** The file's name in the output folder. */
  public static final String FILE_NAME = "train_log.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LogFile file;
  private final long flushIntervalMillis;
  private long lastFlush;

  private JsonlLog(LogFile file, long flushIntervalMillis) {
    this.file = file;
    this.flushIntervalMillis = flushIntervalMillis;
  }

  /**
   * Opens {@code file}; with {@code append} a resumed run adds to the lines already there. Lines
   * reach the file at most {@code flushIntervalMillis} apart, and on validation and close.
   */
  public static JsonlLog open(Path file, boolean append, long flushIntervalMillis) throws IOException {
    return new JsonlLog(LogFile.open(file, append), flushIntervalMillis);
  }

  /**
   * Before a resumed run appends to {@code file}: keeps the training lines of global steps before
   * {@code firstStep} and the validation lines of epochs before {@code firstEpoch}, and drops the
   * rest (what the interrupted run logged past its checkpoint, and a line torn by the kill), so
   * the resumed run's lines follow without a step logged twice. No-op when the file is absent.
   */
  public static void keepBefore(Path file, long firstStep, int firstEpoch) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    String text = new String(Storage.readAllBytes(file), StandardCharsets.UTF_8);
    StringBuilder kept = new StringBuilder();
    for (String line : text.split("\n")) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException torn) {
        continue;
      }
      if (node == null || !node.isObject()) {
        continue;
      }
      String type = node.path("type").asText();
      boolean before = "valid".equals(type) ? node.path("epoch").asLong() < firstEpoch
          : node.path("step").asLong() < firstStep;
      if (before) {
        kept.append(line).append('\n');
      }
    }
    Storage.writeAtomically(file, kept.toString().getBytes(StandardCharsets.UTF_8));
  }

  public Path path() {
    return file.target();
  }

  public void iteration(ProgressRecord r) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "train");
    line.put("epoch", r.epoch());
    line.put("epochs", r.epochs());
    line.put("iteration", r.iteration());
    line.put("epoch_iters", r.epochIters());
    line.put("step", r.globalStep());
    line.put("lr", r.lrs());
    line.put("loss", r.averageLoss());
    line.put("time_s", r.batchSeconds());
    line.put("data_s", r.dataSeconds());
    line.put("images_per_s", r.imagesPerSecond());
    line.put("eta_s", r.etaSeconds());
    line.put("wall_time", System.currentTimeMillis() / 1000.0);
    write(line);
    if (System.currentTimeMillis() - lastFlush >= flushIntervalMillis) {
      flush();
    }
  }

  public void validation(int epoch, long step, double loss, double meanIoU) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "valid");
    line.put("epoch", epoch);
    line.put("step", step);
    line.put("loss", loss);
    line.put("mIoU", meanIoU);
    line.put("wall_time", System.currentTimeMillis() / 1000.0);
    write(line);
    flush();
  }

  public void flush() throws IOException {
    file.flush();
    lastFlush = System.currentTimeMillis();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private void write(Map<String, Object> line) throws IOException {
    byte[] json = JSON.writeValueAsBytes(line);
    file.write(json);
    file.write(new byte[] {'\n'});
  }
}
