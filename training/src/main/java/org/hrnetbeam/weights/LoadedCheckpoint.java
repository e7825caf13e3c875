package org.hrnetbeam.weights;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What {@link WeightFiles#read} found in a weight file: the model's tensors under their plain
 * PyTorch names ({@code conv1.weight}, not {@code model.conv1.weight}), any other tensors the file
 * carried (such as {@code loss.criterion.weight}), and the training metadata when present.
 */
public final class LoadedCheckpoint {
  /** The container the weights came in. */
  public enum Format {
    /** {@code torch.save} of PyTorch 1.6 and later: a zip with {@code data.pkl}. */
    PYTORCH_ZIP,
    /** {@code torch.save} before 1.6 (or with {@code _use_new_zipfile_serialization=False}). */
    PYTORCH_LEGACY,
    /** NumPy {@code np.savez}: one {@code .npy} per tensor. */
    NPZ
  }

  private final String source;
  private final Format format;
  private final StateDict model;
  private final StateDict extras;
  private final Integer epoch;
  private final Double bestMiou;
  private final Map<?, ?> optimizerState;

  LoadedCheckpoint(String source, Format format, StateDict model, StateDict extras, Integer epoch,
      Double bestMiou, Map<?, ?> optimizerState) {
    this.source = source;
    this.format = format;
    this.model = model;
    this.extras = extras;
    this.epoch = epoch;
    this.bestMiou = bestMiou;
    this.optimizerState = optimizerState;
  }

  /** The file it was read from. */
  public String source() {
    return source;
  }

  public Format format() {
    return format;
  }

  /** Model tensors with {@code module.} / {@code model.} wrappers removed, in file order. */
  public StateDict model() {
    return model;
  }

  /** Tensors outside the model (e.g. {@code loss.criterion.weight}); empty for a plain state dict. */
  public StateDict extras() {
    return extras;
  }

  /** The training checkpoint's {@code epoch} (the epoch to resume at, in the reference). */
  public OptionalInt epoch() {
    return epoch == null ? OptionalInt.empty() : OptionalInt.of(epoch);
  }

  /** The training checkpoint's {@code best_mIoU}. */
  public OptionalDouble bestMiou() {
    return bestMiou == null ? OptionalDouble.empty() : OptionalDouble.of(bestMiou);
  }

  /**
   * The training checkpoint's {@code optimizer} entry as unpickled (maps, lists, numbers and
   * {@link Tensor}s, e.g. SGD momentum buffers keyed by parameter index), when present.
   */
  public Optional<Map<?, ?>> optimizerState() {
    return Optional.ofNullable(optimizerState);
  }

  @Override
  public String toString() {
    return "LoadedCheckpoint(" + source + ", " + format + ", " + model.size() + " model tensors, "
        + extras.size() + " extra" + (epoch == null ? "" : ", epoch " + epoch)
        + (bestMiou == null ? "" : ", best mIoU " + bestMiou) + ")";
  }
}
