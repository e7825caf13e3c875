package org.hrnetbeam.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hrnetbeam.metrics.SegmentationMetrics;
import org.hrnetbeam.storage.Storage;

/**
 * Writes an evaluation report into a directory: {@code report.html} and, beside it, the pictures it
 * shows ({@code iou.png}, {@code loss.png}, {@code lr.png}, {@code miou.png}, {@code panels/*.png}) and
 * {@code metrics.json}. Everything is linked by relative names and styled inline, so the directory
 * opens offline in any browser, copied anywhere. The directory may be local or gs://.
 *
 * @param title   heading of the page (for example the config name)
 * @param metrics the finished confusion matrix
 * @param palette class names and colours
 * @param log     training curves; {@link TrainingLog#empty()} when there are none
 * @param panels  comparison pictures (see {@link ComparisonPanel}) by file name without extension
 * @param facts   extra rows for the header table (config hash, model file, scales, …), in order
 */
public record EvaluationReport(String title, SegmentationMetrics metrics, Palette palette, TrainingLog log,
    Map<String, BufferedImage> panels, Map<String, String> facts) {

  private static final Color LOSS = new Color(0x1F, 0x77, 0xB4);
  private static final Color LR = new Color(0xFF, 0x7F, 0x0E);
  private static final Color MIOU = new Color(0x2C, 0xA0, 0x2C);

  public EvaluationReport {
    panels = new LinkedHashMap<>(panels);
    facts = new LinkedHashMap<>(facts);
    if (palette.size() != metrics.numClasses()) {
      throw new IllegalArgumentException("palette '" + palette.name() + "' has " + palette.size()
          + " classes but the metrics have " + metrics.numClasses() + " (DATASET.NUM_CLASSES)");
    }
    for (String name : panels.keySet()) {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("panel name '" + name + "' must be a plain file name (letters, digits, . _ -)");
      }
    }
  }

  /** Writes the report; returns the path of {@code report.html}. */
  public Path write(Path dir) throws IOException {
    PngFiles.write(dir.resolve("iou.png"), IouBarChart.draw(metrics, palette));
    List<LineChart.Point> loss = new ArrayList<>();
    List<LineChart.Point> lr = new ArrayList<>();
    for (TrainingLog.Step s : log.steps()) {
      loss.add(new LineChart.Point(s.iteration(), s.loss()));
      lr.add(new LineChart.Point(s.iteration(), s.lr()));
    }
    List<LineChart.Point> miou = new ArrayList<>();
    for (TrainingLog.Validation v : log.validations()) {
      miou.add(new LineChart.Point(v.epoch(), 100 * v.meanIou()));
    }
    PngFiles.write(dir.resolve("loss.png"), LineChart.draw("Training loss", "iteration", "loss", loss, LOSS));
    PngFiles.write(dir.resolve("lr.png"), LineChart.draw("Learning rate", "iteration", "lr", lr, LR));
    PngFiles.write(dir.resolve("miou.png"), LineChart.draw("Validation mIoU", "epoch", "mIoU (%)", miou, MIOU));
    for (Map.Entry<String, BufferedImage> panel : panels.entrySet()) {
      PngFiles.write(dir.resolve("panels").resolve(panel.getKey() + ".png"), panel.getValue());
    }
    Storage.writeString(dir.resolve("metrics.json"), metricsJson());
    Path html = dir.resolve("report.html");
    Storage.writeString(html, html());
    return html;
  }

  /** The metrics with class names and the facts, as pretty-printed JSON. */
  public String metricsJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", title);
    root.putAll(facts);
    root.putAll(metrics.toMap(palette.classes()));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics are not serialisable", e);
    }
  }

  String html() {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;")
        .append("color:#222;padding:0 1em}\n")
        .append("h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}\n")
        .append("table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .8em;text-align:left;")
        .append("border-bottom:1px solid #eee}th{background:#f6f6f6}td.num{text-align:right;")
        .append("font-variant-numeric:tabular-nums}\n")
        .append(".swatch{display:inline-block;width:1em;height:1em;border:1px solid #888;vertical-align:middle;")
        .append("margin-right:.4em}\n.absent{color:#999}\nimg{max-width:100%;height:auto}\n")
        .append(".curves{display:flex;flex-wrap:wrap;gap:1em}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    h.append("<table>\n");
    for (Map.Entry<String, String> fact : facts.entrySet()) {
      h.append("<tr><th>").append(escape(fact.getKey())).append("</th><td>").append(escape(fact.getValue()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Summary</h2>\n<table>\n<tr><th>metric</th><th>value</th><th>convention</th></tr>\n");
    summaryRow(h, "mIoU", metrics.meanIou(), "reference: mean over all classes, absent classes count 0");
    summaryRow(h, "mIoU (present classes)", metrics.meanIouPresent(),
        "mmsegmentation: classes absent from ground truth and prediction skipped");
    summaryRow(h, "pixel accuracy", metrics.pixelAccuracy(), "Σ true positives / Σ ground-truth pixels");
    summaryRow(h, "mean accuracy", metrics.meanAccuracy(), "reference: mean over all classes of tp / max(1, gt)");
    summaryRow(h, "mean accuracy (present classes)", metrics.meanAccuracyPresent(),
        "mmsegmentation: classes with ground-truth pixels");
    h.append("</table>\n<h2>Per class</h2>\n<img src=\"iou.png\" alt=\"IoU per class\">\n<table>\n")
        .append("<tr><th>class</th><th>IoU %</th><th>accuracy %</th><th>ground-truth pixels</th>")
        .append("<th>predicted pixels</th></tr>\n");
    for (int c = 0; c < metrics.numClasses(); c++) {
      boolean present = metrics.present(c);
      h.append(present ? "<tr>" : "<tr class=\"absent\">").append("<td><span class=\"swatch\" style=\"background:#")
          .append(String.format(Locale.ROOT, "%06X", palette.colour(c))).append("\"></span>")
          .append(escape(palette.classes().get(c))).append(present ? "" : " (absent)").append("</td>")
          .append(num(100 * metrics.iou()[c]))
          .append(num(100.0 * metrics.truePositives()[c] / Math.max(1L, metrics.groundTruthPixels()[c])))
          .append("<td class=\"num\">").append(metrics.groundTruthPixels()[c]).append("</td><td class=\"num\">")
          .append(metrics.predictedPixels()[c]).append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Training curves</h2>\n<div class=\"curves\">\n")
        .append("<img src=\"loss.png\" alt=\"training loss\">\n<img src=\"lr.png\" alt=\"learning rate\">\n")
        .append("<img src=\"miou.png\" alt=\"validation mIoU\">\n</div>\n");
    if (!panels.isEmpty()) {
      h.append("<h2>Predictions</h2>\n");
      for (String name : panels.keySet()) {
        h.append("<p><img src=\"panels/").append(escape(name)).append(".png\" alt=\"").append(escape(name))
            .append("\"></p>\n");
      }
    }
    h.append("<p><a href=\"metrics.json\">metrics.json</a></p>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void summaryRow(StringBuilder h, String name, double value, String convention) {
    h.append("<tr><td>").append(escape(name)).append("</td>").append(num(100 * value)).append("<td>")
        .append(escape(convention)).append("</td></tr>\n");
  }

  private static String num(double percent) {
    return "<td class=\"num\">" + (Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%.2f", percent))
        + "</td>";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
