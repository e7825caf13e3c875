package org.hrnetbeam.config;

import static org.hrnetbeam.config.ValueType.BOOL;
import static org.hrnetbeam.config.ValueType.DOUBLE;
import static org.hrnetbeam.config.ValueType.DOUBLE_LIST;
import static org.hrnetbeam.config.ValueType.INT;
import static org.hrnetbeam.config.ValueType.INT_LIST;
import static org.hrnetbeam.config.ValueType.STRING;
import static org.hrnetbeam.config.ValueType.STRING_LIST;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every config key with its default, in one place: the reference's keys ({@code lib/config/
 * default.py} of HRNet-Semantic-Segmentation, HRNet-OCR branch, plus {@code TEST.CENTER_CROP_TEST}
 * of its older branches) and our additions, all under {@code PIPELINE}.
 *
 * <p>Keys the reference accepts but never reads (AUTO_RESUME, PIN_MEMORY, RANK, FREEZE_*, LR_STEP,
 * DEBUG.*, MODEL.OCR.*, ...) are accepted so its YAMLs load unchanged; they change nothing here.
 * {@code MODEL.EXTRA} is open in yacs; here its keys are known (the stage description) so a typo
 * there fails too, and {@code STAGE1.NUM_RANCHES}, the official YAMLs' misspelling, is accepted as
 * {@code NUM_BRANCHES}.
 */
public final class ConfigSchema {
  private static final List<ConfigKey> KEYS = buildKeys();
  private static final Map<String, ConfigKey> BY_PATH = index(KEYS);

  private ConfigSchema() {}

  /** All keys in declaration order (the order {@code hrnet config} prints them). */
  public static List<ConfigKey> keys() {
    return KEYS;
  }

  /** The key at {@code path}, or {@code null}. */
  public static ConfigKey key(String path) {
    return BY_PATH.get(path);
  }

  /** Whether {@code path} names a section (a node with keys below it), e.g. {@code TRAIN}. */
  public static boolean isSection(String path) {
    String prefix = path + ".";
    return KEYS.stream().anyMatch(k -> k.path().startsWith(prefix));
  }

  private static Map<String, ConfigKey> index(List<ConfigKey> keys) {
    Map<String, ConfigKey> map = new LinkedHashMap<>();
    keys.forEach(k -> map.put(k.path(), k));
    return Collections.unmodifiableMap(map);
  }

  private static List<ConfigKey> buildKeys() {
    List<ConfigKey> k = new ArrayList<>();
    k.add(ConfigKey.of("OUTPUT_DIR", STRING, "", "outputs go to OUTPUT_DIR/<DATASET.DATASET>/<cfg name>; local path or gs://"));
    k.add(ConfigKey.of("LOG_DIR", STRING, "", "TensorBoard logs go to LOG_DIR/<dataset>/<MODEL.NAME>/<cfg>_<time>"));
    k.add(ConfigKey.of("GPUS", INT_LIST, List.of(0), "devices; its length is the number of data-parallel training workers").asTuple()
        .must("a non-empty tuple of device indices", v -> !((List<?>) v).isEmpty()));
    k.add(ConfigKey.of("WORKERS", INT, 4, "data loader threads per worker").atLeast(0));
    k.add(ConfigKey.of("PRINT_FREQ", INT, 20, "log a training line every N iterations").atLeast(1));
    k.add(ConfigKey.of("AUTO_RESUME", BOOL, false, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("PIN_MEMORY", BOOL, true, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("RANK", INT, 0, "accepted, unused (as in the reference)"));

    k.add(ConfigKey.of("CUDNN.BENCHMARK", BOOL, true, "accepted; cuDNN autotuning is ND4J's business"));
    k.add(ConfigKey.of("CUDNN.DETERMINISTIC", BOOL, false, "accepted; CPU runs are deterministic anyway"));
    k.add(ConfigKey.of("CUDNN.ENABLED", BOOL, true, "accepted; cuDNN use is ND4J's business"));

    k.add(ConfigKey.of("MODEL.NAME", STRING, "seg_hrnet", "model: seg_hrnet (seg_hrnet_ocr is accepted in configs but not built)")
        .oneOf("seg_hrnet", "seg_hrnet_ocr"));
    k.add(ConfigKey.of("MODEL.PRETRAINED", STRING, "", "checkpoint (.pth, .npz or our model) whose matching keys initialise the model"));
    k.add(ConfigKey.of("MODEL.ALIGN_CORNERS", BOOL, true, "bilinear convention everywhere (model, loss, eval); Cityscapes YAMLs set false"));
    k.add(ConfigKey.of("MODEL.NUM_OUTPUTS", INT, 1, "number of model outputs (losses weighted by LOSS.BALANCE_WEIGHTS)").atLeast(1));
    k.add(ConfigKey.of("MODEL.EXTRA.FINAL_CONV_KERNEL", INT, null, "kernel of the head's last conv (1 in every official YAML)"));
    for (int stage = 1; stage <= 4; stage++) {
      String s = "MODEL.EXTRA.STAGE" + stage + ".";
      k.add(ConfigKey.of(s + "NUM_MODULES", INT, null, "HRNet modules in stage " + stage).atLeast(1));
      k.add(ConfigKey.of(s + "NUM_BRANCHES", INT, null, "parallel resolutions in stage " + stage).atLeast(1));
      if (stage == 1) {
        k.add(ConfigKey.of(s + "NUM_RANCHES", INT, null, "the official YAMLs' misspelling of NUM_BRANCHES; read as NUM_BRANCHES").atLeast(1));
      }
      k.add(ConfigKey.of(s + "BLOCK", STRING, null, "residual block of stage " + stage).oneOf("BASIC", "BOTTLENECK"));
      k.add(ConfigKey.of(s + "NUM_BLOCKS", INT_LIST, null, "blocks per branch in stage " + stage));
      k.add(ConfigKey.of(s + "NUM_CHANNELS", INT_LIST, null, "channels per branch in stage " + stage));
      k.add(ConfigKey.of(s + "FUSE_METHOD", STRING, null, "how branches are fused (SUM)").oneOf("SUM"));
    }
    k.add(ConfigKey.of("MODEL.OCR.MID_CHANNELS", INT, 512, "accepted, unused (OCR head not built)"));
    k.add(ConfigKey.of("MODEL.OCR.KEY_CHANNELS", INT, 256, "accepted, unused (OCR head not built)"));
    k.add(ConfigKey.of("MODEL.OCR.DROPOUT", DOUBLE, 0.05, "accepted, unused (OCR head not built)"));
    k.add(ConfigKey.of("MODEL.OCR.SCALE", INT, 1, "accepted, unused (OCR head not built)"));

    k.add(ConfigKey.of("LOSS.USE_OHEM", BOOL, false, "online hard example mining instead of plain cross-entropy"));
    k.add(ConfigKey.of("LOSS.OHEMTHRES", DOUBLE, 0.9, "OHEM probability threshold"));
    k.add(ConfigKey.of("LOSS.OHEMKEEP", INT, 100000, "OHEM keeps at least this many pixels per batch").atLeast(0));
    k.add(ConfigKey.of("LOSS.CLASS_BALANCE", BOOL, false, "accepted, unused (as in the reference); see PIPELINE.CLASS_WEIGHTS"));
    k.add(ConfigKey.of("LOSS.BALANCE_WEIGHTS", DOUBLE_LIST, List.of(1.0), "loss weight per model output"));

    k.add(ConfigKey.of("DATASET.ROOT", STRING, "", "dataset root; list-file paths are relative to it; local or gs://"));
    k.add(ConfigKey.of("DATASET.DATASET", STRING, "cityscapes", "dataset name: picks the output folder, label map and class weights"));
    k.add(ConfigKey.of("DATASET.NUM_CLASSES", INT, 19, "number of classes").atLeast(1));
    k.add(ConfigKey.of("DATASET.TRAIN_SET", STRING, "list/cityscapes/train.lst", "training list file (image<TAB or space>label per line), relative to ROOT"));
    k.add(ConfigKey.of("DATASET.EXTRA_TRAIN_SET", STRING, "", "list file of the extra training phase (empty: none)"));
    k.add(ConfigKey.of("DATASET.TEST_SET", STRING, "list/cityscapes/val.lst", "validation/test list file, relative to ROOT"));

    k.add(ConfigKey.of("TRAIN.FREEZE_LAYERS", STRING, "", "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("TRAIN.FREEZE_EPOCHS", INT, -1, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("TRAIN.NONBACKBONE_KEYWORDS", STRING_LIST, List.of(), "parameters whose name contains one of these train at LR x NONBACKBONE_MULT"));
    k.add(ConfigKey.of("TRAIN.NONBACKBONE_MULT", INT, 10, "learning-rate multiplier of the non-backbone group"));
    k.add(ConfigKey.of("TRAIN.IMAGE_SIZE", INT_LIST, List.of(1024, 512), "training crop as [width, height]").must("[width, height], both >= 1", ConfigSchema::isSize));
    k.add(ConfigKey.of("TRAIN.BASE_SIZE", INT, 2048, "long side of a training image at scale 1.0").atLeast(1));
    k.add(ConfigKey.of("TRAIN.DOWNSAMPLERATE", INT, 1, "labels are downscaled by this factor (nearest)").atLeast(1));
    k.add(ConfigKey.of("TRAIN.FLIP", BOOL, true, "random horizontal flip, p = 0.5"));
    k.add(ConfigKey.of("TRAIN.MULTI_SCALE", BOOL, true, "random rescale and crop; false: neither"));
    k.add(ConfigKey.of("TRAIN.SCALE_FACTOR", INT, 16, "scale = 0.5 + randint(0, SCALE_FACTOR) / 10").atLeast(0));
    k.add(ConfigKey.of("TRAIN.RANDOM_BRIGHTNESS", BOOL, false, "random brightness shift"));
    k.add(ConfigKey.of("TRAIN.RANDOM_BRIGHTNESS_SHIFT_VALUE", INT, 10, "largest brightness shift").atLeast(0));
    k.add(ConfigKey.of("TRAIN.LR_FACTOR", DOUBLE, 0.1, "accepted, unused (the schedule is poly)"));
    k.add(ConfigKey.of("TRAIN.LR_STEP", INT_LIST, List.of(90, 110), "accepted, unused (the schedule is poly)"));
    k.add(ConfigKey.of("TRAIN.LR", DOUBLE, 0.01, "base learning rate of the poly schedule").must("> 0", v -> (Double) v > 0));
    k.add(ConfigKey.of("TRAIN.EXTRA_LR", DOUBLE, 0.001, "base learning rate of the extra phase").must("> 0", v -> (Double) v > 0));
    k.add(ConfigKey.of("TRAIN.OPTIMIZER", STRING, "sgd", "optimiser (the reference supports only sgd)").oneOf("sgd"));
    k.add(ConfigKey.of("TRAIN.MOMENTUM", DOUBLE, 0.9, "SGD momentum"));
    k.add(ConfigKey.of("TRAIN.WD", DOUBLE, 0.0001, "weight decay on all parameters"));
    k.add(ConfigKey.of("TRAIN.NESTEROV", BOOL, false, "Nesterov momentum"));
    k.add(ConfigKey.of("TRAIN.IGNORE_LABEL", INT, -1, "label value that is ignored by losses and metrics"));
    k.add(ConfigKey.of("TRAIN.BEGIN_EPOCH", INT, 0, "first epoch").atLeast(0));
    k.add(ConfigKey.of("TRAIN.END_EPOCH", INT, 484, "epochs of the main phase").atLeast(0));
    k.add(ConfigKey.of("TRAIN.EXTRA_EPOCH", INT, 0, "epochs of the extra phase on EXTRA_TRAIN_SET").atLeast(0));
    k.add(ConfigKey.of("TRAIN.RESUME", BOOL, false, "continue from OUTPUT_DIR/.../checkpoint when it exists"));
    k.add(ConfigKey.of("TRAIN.BATCH_SIZE_PER_GPU", INT, 32, "batch per worker").atLeast(1));
    k.add(ConfigKey.of("TRAIN.SHUFFLE", BOOL, true, "shuffle the training samples every epoch"));
    k.add(ConfigKey.of("TRAIN.NUM_SAMPLES", INT, 0, "use only the first N training samples (0: all)").atLeast(0));

    k.add(ConfigKey.of("TEST.IMAGE_SIZE", INT_LIST, List.of(2048, 1024), "sliding-window size as [width, height]").must("[width, height], both >= 1", ConfigSchema::isSize));
    k.add(ConfigKey.of("TEST.BASE_SIZE", INT, 2048, "long side of a test image at scale 1.0").atLeast(1));
    k.add(ConfigKey.of("TEST.BATCH_SIZE_PER_GPU", INT, 32, "accepted, unused (evaluation runs image by image)"));
    k.add(ConfigKey.of("TEST.NUM_SAMPLES", INT, 0, "evaluate only the first N samples (0: all)").atLeast(0));
    k.add(ConfigKey.of("TEST.MODEL_FILE", STRING, "", "model to evaluate (empty: the run's best model)"));
    k.add(ConfigKey.of("TEST.FLIP_TEST", BOOL, false, "average logits with the horizontally flipped image"));
    k.add(ConfigKey.of("TEST.MULTI_SCALE", BOOL, false, "accepted, unused (as in the reference; SCALE_LIST decides)"));
    k.add(ConfigKey.of("TEST.CENTER_CROP_TEST", BOOL, false, "accepted, unused (older reference branches)"));
    k.add(ConfigKey.of("TEST.SCALE_LIST", DOUBLE_LIST, List.of(1.0), "test scales; logits are summed as exp() after resizing back"));
    k.add(ConfigKey.of("TEST.OUTPUT_INDEX", INT, -1, "which model output evaluation uses"));

    k.add(ConfigKey.of("DEBUG.DEBUG", BOOL, false, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("DEBUG.SAVE_BATCH_IMAGES_GT", BOOL, false, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("DEBUG.SAVE_BATCH_IMAGES_PRED", BOOL, false, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("DEBUG.SAVE_HEATMAPS_GT", BOOL, false, "accepted, unused (as in the reference)"));
    k.add(ConfigKey.of("DEBUG.SAVE_HEATMAPS_PRED", BOOL, false, "accepted, unused (as in the reference)"));

    // Our additions: everything the reference does not have lives here.
    k.add(ConfigKey.of("PIPELINE.LAYOUT", STRING, "list", "dataset layout: list (reference list files), cityscapes (official folders), folders (images/ + labels/ by stem)")
        .oneOf("list", "cityscapes", "folders"));
    k.add(ConfigKey.of("PIPELINE.LABEL_MAP", STRING, "auto", "label map: a name under conf/labelmaps, a path, or auto (by DATASET.DATASET)"));
    k.add(ConfigKey.of("PIPELINE.AUGMENT_COPIES", INT, 4, "augmented crops written per training image (the reference draws new ones every epoch)").atLeast(1));
    k.add(ConfigKey.of("PIPELINE.NUM_SHARDS", INT, 8, "TFRecord files per split; also the read parallelism of training").atLeast(1));
    k.add(ConfigKey.of("PIPELINE.COMPRESSION", STRING, "none", "shard compression").oneOf("none", "gzip"));
    k.add(ConfigKey.of("PIPELINE.PNG_LEVEL", INT, 1, "deflate level (0..9) of the PNGs inside the shards: 0 stores, 1 (fast; Huffman-only for images) to 9 (small, slow)").must("0..9", v -> (Integer) v >= 0 && (Integer) v <= 9));
    k.add(ConfigKey.of("PIPELINE.SHARD_DIR", STRING, "", "where shards go (empty: <output dir>/shards); local or gs://"));
    k.add(ConfigKey.of("PIPELINE.TRAIN_WORKERS", INT, 0, "training workers (0: len(GPUS))").atLeast(0));
    k.add(ConfigKey.of("PIPELINE.AVERAGING_FREQUENCY", INT, 5, "workers average parameters every N iterations").atLeast(1));
    k.add(ConfigKey.of("PIPELINE.CHECKPOINT_EVERY_ROUNDS", INT, 1, "also write the checkpoint after every N-th averaging round inside an epoch (0: at epoch ends only); each write costs a model file (W48: ~0.5 GB)").atLeast(0));
    k.add(ConfigKey.of("PIPELINE.BN_MOMENTUM", DOUBLE, 0.1, "BatchNorm momentum, PyTorch convention (0.1 on HRNet-OCR; 0.01 on pytorch-v1.1)")
        .must("in (0, 1]", v -> (Double) v > 0 && (Double) v <= 1));
    k.add(ConfigKey.of("PIPELINE.CLASS_WEIGHTS", STRING, "reference", "loss class weights: reference (Cityscapes list for cityscapes, else none), none, or histogram (from the shard manifest)")
        .oneOf("reference", "none", "histogram"));
    k.add(ConfigKey.of("PIPELINE.TRAIN_STEP", STRING, "auto", "what computes each train step's gradients: channels-last (our own step: oneDNN convolutions on channels-last arrays; CPU only), dl4j (DL4J's ComputationGraph), or auto (channels-last on CPU, dl4j on a GPU backend); the same numbers within float32 rounding").oneOf("auto", "channels-last", "dl4j"));
    k.add(ConfigKey.of("PIPELINE.VAL_EVERY", INT, 1, "validate every N epochs").atLeast(1));
    k.add(ConfigKey.of("PIPELINE.SHUFFLE_BUFFER", INT, 64, "training records held for the per-epoch shuffle, per worker (memory: this many encoded records)").atLeast(1));
    k.add(ConfigKey.of("PIPELINE.PREFETCH_BATCHES", INT, 2, "decoded batches a background thread prepares ahead of the trainer").atLeast(1));
    k.add(ConfigKey.of("PIPELINE.EVAL_PICTURES", INT, 8, "validation images drawn as image | ground truth | prediction panels by the evaluate stage").atLeast(0));
    k.add(ConfigKey.of("PIPELINE.PUBLISH_IF_BETTER", BOOL, false, "publish replaces the published model only when its mIoU on the same validation set is higher (nightly retraining)"));
    return Collections.unmodifiableList(k);
  }

  private static boolean isSize(Object value) {
    List<?> size = (List<?>) value;
    return size.size() == 2 && size.stream().allMatch(v -> ((Integer) v) >= 1);
  }
}
