package org.hrnetbeam.evaluate;

import java.util.List;
import java.util.Locale;
import org.hrnetbeam.metrics.SegmentationMetrics;

/** The console's per-class table and summary lines of an evaluation. */
public final class MetricsTable {
  private MetricsTable() {}

  public static String format(SegmentationMetrics m, List<String> classNames, int images) {
    int nameWidth = 5;
    for (String name : classNames) {
      nameWidth = Math.max(nameWidth, name.length());
    }
    StringBuilder out = new StringBuilder();
    String row = "%-" + nameWidth + "s %8s %8s %14s %14s%n";
    out.append(String.format(Locale.ROOT, row, "class", "IoU %", "acc %", "gt pixels", "pred pixels"));
    for (int c = 0; c < m.numClasses(); c++) {
      double acc = m.truePositives()[c] / (double) Math.max(1L, m.groundTruthPixels()[c]);
      out.append(String.format(Locale.ROOT, row, classNames.get(c) + (m.present(c) ? "" : "*"),
          percent(m.iou()[c]), percent(acc), m.groundTruthPixels()[c], m.predictedPixels()[c]));
    }
    out.append(String.format(Locale.ROOT, "images %d | mIoU %s (all classes, as the reference) | %s (present classes, "
        + "as mmsegmentation) | pixel acc %s | mean acc %s%n", images, percent(m.meanIou()),
        percent(m.meanIouPresent()), percent(m.pixelAccuracy()), percent(m.meanAccuracy())));
    boolean anyAbsent = false;
    for (int c = 0; c < m.numClasses(); c++) {
      anyAbsent |= !m.present(c);
    }
    if (anyAbsent) {
      out.append("* absent from ground truth and prediction: IoU 0 in the reference's mIoU, skipped in the other\n");
    }
    return out.toString();
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }
}
