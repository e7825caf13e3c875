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
 * The training curves of a run, read from {@code train_log.jsonl}: one JSON object per line. A line
 * with {@code loss} is a training step and needs {@code iteration} and {@code lr} ({@code epoch}
 * optional); a line with {@code mIoU} is a validation result and needs {@code epoch}. A line may be
 * both; lines that are neither (other record kinds) are skipped. Malformed lines fail naming the file
 * and line number.
 *
 * @param steps       training steps in file order
 * @param validations validation results in file order
 */
public record TrainingLog(List<Step> steps, List<Validation> validations) {

  /** One logged training step. */
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
        if (node.has("loss")) {
          steps.add(new Step((long) number(node, "iteration", where), node.has("epoch") ? number(node, "epoch", where)
              : Double.NaN, number(node, "lr", where), number(node, "loss", where)));
        }
        if (node.has("mIoU")) {
          validations.add(new Validation(number(node, "epoch", where), number(node, "mIoU", where)));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading " + source, e);
    }
    return new TrainingLog(steps, validations);
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
