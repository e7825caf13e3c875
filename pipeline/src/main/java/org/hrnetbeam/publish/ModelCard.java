package org.hrnetbeam.publish;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.metrics.SegmentationMetrics;

/** {@code model-card.md}: what the model is, its data, its metrics per class, how it was made, its limits. */
final class ModelCard {
  private ModelCard() {}

  static String markdown(ExperimentConfig config, EvaluationOutcome outcome, String release, Map<String, String> provenance) {
    SegmentationMetrics m = outcome.metrics();
    List<String> names = outcome.classNames();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(config.name()).append(" (release ").append(release).append(")\n\n");
    md.append("## What it is\n\n")
        .append("An HRNetV2 semantic-segmentation network (").append(config.getString("MODEL.NAME"))
        .append(") for ").append(config.getString("DATASET.DATASET")).append(", ").append(m.numClasses())
        .append(" classes, evaluated and published with hrnet-beam. Input: an RGB image normalised with the ImageNet ")
        .append("mean and std; output: per-class logits at 1/4 resolution, upsampled bilinearly")
        .append(config.getBoolean("MODEL.ALIGN_CORNERS") ? " (align corners)" : "").append(".\n")
        .append("File: `model` (our DL4J model file; `hrnet export-weights` turns it into a PyTorch `.pth`). ")
        .append("Predict with `hrnet infer --cfg CFG --model model --input IMAGE --output PNG`.\n\n");
    md.append("## Data\n\n")
        .append("- dataset root: `").append(config.getString("DATASET.ROOT")).append("`\n")
        .append("- validation: ").append(outcome.images()).append(outcome.images() == 1 ? " image" : " images")
        .append(" of `").append(config.getString("DATASET.TEST_SET"))
        .append("`, val_set_sha256 `").append(outcome.valSetHash()).append("`\n")
        .append("- shard manifest sha256: `").append(provenance.get("shard_manifest_sha256")).append("`\n\n");
    md.append("## Metrics\n\n")
        .append("Test settings: scales ").append(config.getDoubleList("TEST.SCALE_LIST")).append(", flip ")
        .append(config.getBoolean("TEST.FLIP_TEST")).append(", base size ").append(config.getInt("TEST.BASE_SIZE"))
        .append(".\n\n| metric | % |\n|---|---|\n")
        .append("| mIoU (all classes, as the reference) | ").append(percent(m.meanIou())).append(" |\n")
        .append("| mIoU (present classes, as mmsegmentation) | ").append(percent(m.meanIouPresent())).append(" |\n")
        .append("| pixel accuracy | ").append(percent(m.pixelAccuracy())).append(" |\n")
        .append("| mean accuracy | ").append(percent(m.meanAccuracy())).append(" |\n\n")
        .append("| class | IoU % | accuracy % | ground-truth pixels |\n|---|---|---|---|\n");
    for (int c = 0; c < m.numClasses(); c++) {
      double acc = m.truePositives()[c] / (double) Math.max(1L, m.groundTruthPixels()[c]);
      md.append("| ").append(names.get(c)).append(m.present(c) ? "" : " (absent)").append(" | ")
          .append(percent(m.iou()[c])).append(" | ").append(percent(acc)).append(" | ")
          .append(m.groundTruthPixels()[c]).append(" |\n");
    }
    md.append("\n## How it was made\n\n")
        .append("- source model: `").append(outcome.model()).append("`\n")
        .append("- config: `").append(config.name()).append("`, sha256 `").append(config.hash())
        .append("` (the resolved YAML is embedded in the model file)\n")
        .append("- seed: ").append(provenance.get("seed")).append("\n")
        .append("- git commit: `").append(provenance.get("git_commit")).append("`\n")
        .append("- libraries: ").append(provenance.get("libraries")).append("\n")
        .append("- training settings of the config: ").append(config.getInt("TRAIN.END_EPOCH")).append(" epochs, lr ")
        .append(config.getDouble("TRAIN.LR")).append(", batch ").append(config.getInt("TRAIN.BATCH_SIZE_PER_GPU"))
        .append(" per worker, crop ").append(config.getIntList("TRAIN.IMAGE_SIZE")).append("\n")
        .append("- published: ").append(provenance.get("created_at")).append("\n\n");
    md.append("## Limits\n\n")
        .append("- Measured on ").append(outcome.images()).append(" validation images of one dataset; other cameras, ")
        .append("cities, weather or resolutions will score differently.\n")
        .append("- Classes marked absent had no pixels in the validation ground truth or predictions: their IoU says nothing.\n")
        .append("- Pixels labelled ").append(config.getInt("TRAIN.IGNORE_LABEL"))
        .append(" (ignore) were not scored; the model still predicts a class there.\n")
        .append("- A research model: not validated for safety-critical use such as driving decisions.\n");
    return md.toString();
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }
}
