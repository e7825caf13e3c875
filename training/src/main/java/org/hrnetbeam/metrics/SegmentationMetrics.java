package org.hrnetbeam.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished metrics of a {@link ConfusionMatrix}, in two conventions because users compare with
 * both:
 * <ul>
 *   <li>the HRNet reference ({@code tools/test.py}): IoU_c = tp / max(1, tp + fp + fn), mIoU the mean
 *       over <em>all</em> classes, so a class absent from both ground truth and prediction counts 0;
 *       mean accuracy = mean of tp / max(1, gt);</li>
 *   <li>mmsegmentation ({@code IoUMetric}): IoU_c = tp / union is NaN when the union is 0 and
 *       {@code nanmean} skips it, so mIoU averages the classes present in ground truth or
 *       prediction; mAcc likewise averages tp / gt over classes present in ground truth.</li>
 * </ul>
 * Pixel accuracy Σtp / Σgt is the same in both. Values that are 0/0 (no pixel counted at all) are
 * NaN, as in both references, and {@link #toMap} writes them as {@code null}. The arrays are shared,
 * not copied, by the accessors (the report reads them in loops): treat them as read-only.
 *
 * @param groundTruthPixels  per class: pixels whose ground truth is the class (row sums)
 * @param predictedPixels    per class: counted pixels predicted as the class (column sums)
 * @param truePositives      per class: the diagonal
 * @param iou                per class, reference convention (0 for an absent class)
 * @param meanIou            mean of {@code iou} over all classes (the reference's mIoU)
 * @param meanIouPresent     mmsegmentation's mIoU: mean IoU over classes with gt + pred &gt; 0
 * @param pixelAccuracy      Σtp / Σgt
 * @param meanAccuracy       reference: mean over all classes of tp / max(1, gt)
 * @param meanAccuracyPresent mmsegmentation's mAcc: mean of tp / gt over classes with gt &gt; 0
 */
public record SegmentationMetrics(long[] groundTruthPixels, long[] predictedPixels, long[] truePositives,
                 double[] iou, double meanIou, double meanIouPresent, double pixelAccuracy,
                 double meanAccuracy, double meanAccuracyPresent) implements Serializable {

  static SegmentationMetrics of(long[] gt, long[] pred, long[] tp) {
    int n = gt.length;
    double[] iou = new double[n];
    double iouSum = 0;
    double iouPresentSum = 0;
    int present = 0;
    double accSum = 0;
    double accPresentSum = 0;
    int presentInGt = 0;
    long tpTotal = 0;
    long gtTotal = 0;
    for (int c = 0; c < n; c++) {
      long union = gt[c] + pred[c] - tp[c];
      iou[c] = tp[c] / (double) Math.max(1L, union);
      iouSum += iou[c];
      if (union > 0) {
        iouPresentSum += iou[c];
        present++;
      }
      double acc = tp[c] / (double) Math.max(1L, gt[c]);
      accSum += acc;
      if (gt[c] > 0) {
        accPresentSum += acc;
        presentInGt++;
      }
      tpTotal += tp[c];
      gtTotal += gt[c];
    }
    return new SegmentationMetrics(gt.clone(), pred.clone(), tp.clone(), iou, iouSum / n,
        present == 0 ? Double.NaN : iouPresentSum / present,
        gtTotal == 0 ? Double.NaN : tpTotal / (double) gtTotal, accSum / n,
        presentInGt == 0 ? Double.NaN : accPresentSum / presentInGt);
  }

  public int numClasses() {
    return iou.length;
  }

  /** Whether class {@code c} occurs in ground truth or prediction (mmsegmentation counts it then). */
  public boolean present(int c) {
    return groundTruthPixels[c] + predictedPixels[c] > 0;
  }

  /**
   * A JSON-ready map (numbers, lists, {@code null} for NaN) of the summary and, per class, name,
   * IoU, accuracy and pixel counts.
   *
   * @param classNames one name per class, or {@code null} for "class 0", "class 1", ...
   */
  public Map<String, Object> toMap(List<String> classNames) {
    if (classNames != null && classNames.size() != numClasses()) {
      throw new IllegalArgumentException(classNames.size() + " class names given for " + numClasses()
          + " classes");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("mIoU", finite(meanIou));
    map.put("mIoU_present", finite(meanIouPresent));
    map.put("pixel_accuracy", finite(pixelAccuracy));
    map.put("mean_accuracy", finite(meanAccuracy));
    map.put("mean_accuracy_present", finite(meanAccuracyPresent));
    List<Map<String, Object>> classes = new ArrayList<>();
    for (int c = 0; c < numClasses(); c++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("index", c);
      row.put("name", classNames == null ? "class " + c : classNames.get(c));
      row.put("iou", iou[c]);
      row.put("accuracy", truePositives[c] / (double) Math.max(1L, groundTruthPixels[c]));
      row.put("present", present(c));
      row.put("gt_pixels", groundTruthPixels[c]);
      row.put("pred_pixels", predictedPixels[c]);
      row.put("true_positives", truePositives[c]);
      classes.add(row);
    }
    map.put("classes", classes);
    return map;
  }

  private static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
