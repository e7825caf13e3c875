package org.hrnetbeam.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.storage.Storage;

/**
 * The training curves of a run, read from {@code train_log.jsonl}: one JSON object per line, as the
 * trainer writes it ({@code org.hrnetbeam.trainlog.JsonlLog}): {@code "type":"train"} lines are steps
 * (x = the global {@code step}, else {@code iteration}; {@code lr} a number or one per optimiser group,
 * of which the first, the base group, is plotted; {@code loss}), {@code "type":"valid"} lines are
 * validations ({@code epoch}, {@code mIoU} as a fraction). Lines without a type follow the plain
 * form {@code {iteration, epoch, lr, loss}} for steps and {@code {epoch, mIoU}} for validations.
 * Other types are skipped; a malformed line fails naming the file, the line number and the key.
 *
 * @param steps       training steps in file order
 * @param validations validation results in file order
 */
public record TrainingLog(List<Step> steps, List<Validation> validations) {

  /** One logged training step: {@code iteration} is the x axis (the global step when logged). */
  public record Step(long iteration, double epoch, double lr, double loss) {}

  /** One validation pass: mIoU (fraction, 0..1) after an epoch. */
  public record Validation(double epoch, double meanIou) {}

  public TrainingLog {
    steps = List.copyOf(steps);
    validations = List.copyOf(validations);
  }

  public static TrainingLog empty() {
    return new TrainingLog(List.of(), List.of());
  }

  public static TrainingLog read(Path file) throws IOException {
    String text = new String(Storage.readAllBytes(file), StandardCharsets.UTF_8);
    return parse(text, Storage.location(file));
  }

  /** Parses JSON-lines text; {@code source} names it in errors. */
  public static TrainingLog parse(String text, String source) {
    ObjectMapper mapper = new ObjectMapper();
    List<Step> steps = new ArrayList<>();
    List<Validation> validations = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String where = source + ":" + number;
        JsonNode node;
        try {
          node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(where + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
          throw new IllegalArgumentException(where + ": expected a JSON object, got " + line.strip());
        }
        String type = node.has("type") ? node.get("type").asText() : null;
        boolean step = type == null ? node.has("loss") && !node.has("mIoU") : type.equals("train");
        boolean validation = type == null ? node.has("mIoU") : type.equals("valid");
        if (step) {
          String x = node.has("step") ? "step" : "iteration";
          steps.add(new Step((long) number(node, x, where), node.has("epoch") ? number(node, "epoch", where)
              : Double.NaN, learningRate(node, where), number(node, "loss", where)));
        }
        if (validation) {
          validations.add(new Validation(number(node, "epoch", where), number(node, "mIoU", where)));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading " + source, e);
    }
    return new TrainingLog(steps, validations);
  }

  /** {@code lr} as a number, or the first of one per optimiser group. */
  private static double learningRate(JsonNode node, String where) {
    JsonNode lr = node.get("lr");
    if (lr != null && lr.isArray()) {
      if (lr.isEmpty() || !lr.get(0).isNumber()) {
        throw new IllegalArgumentException(where + ": 'lr' must be a number or a list of numbers, got " + lr);
      }
      return lr.get(0).asDouble();
    }
    return number(node, "lr", where);
  }

  private static double number(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null) {
      throw new IllegalArgumentException(where + ": missing key '" + key + "'");
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a number, got " + value);
    }
    return value.asDouble();
  }
}
