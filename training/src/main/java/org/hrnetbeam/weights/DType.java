package org.hrnetbeam.weights;

import java.util.Locale;
import java.util.Optional;

/**
 * Element types a weight file may hold, with their NumPy and PyTorch spellings.
 *
 * <p>Only types that HRNet checkpoints and their fixtures actually use, plus the small integer and
 * boolean types that label maps and masks use. Half precision is deliberately absent: the reference
 * never writes it, and silently widening it would hide a wrong export.
 */
public enum DType {
  FLOAT32(4, "f4", "FloatStorage", "float32"),
  FLOAT64(8, "f8", "DoubleStorage", "float64"),
  INT64(8, "i8", "LongStorage", "int64"),
  INT32(4, "i4", "IntStorage", "int32"),
  INT8(1, "i1", "CharStorage", "int8"),
  UINT8(1, "u1", "ByteStorage", "uint8"),
  BOOL(1, "b1", "BoolStorage", "bool");

  private final int itemSize;
  private final String numpyCode;
  private final String torchStorage;
  private final String displayName;

  DType(int itemSize, String numpyCode, String torchStorage, String displayName) {
    this.itemSize = itemSize;
    this.numpyCode = numpyCode;
    this.torchStorage = torchStorage;
    this.displayName = displayName;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /** True for FLOAT32 and FLOAT64. */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** The NumPy dtype string as written in an {@code .npy} header, e.g. {@code <f4} or {@code |u1}. */
  public String numpyDescr() {
    return (itemSize == 1 ? "|" : "<") + numpyCode;
  }

  /** The legacy PyTorch storage class (module {@code torch}) that holds this type, e.g. {@code FloatStorage}. */
  public String torchStorageClass() {
    return torchStorage;
  }

  /** Lower-case name as NumPy and PyTorch print it, e.g. {@code float32}. */
  @Override
  public String toString() {
    return displayName;
  }

  /**
   * Parses a NumPy little-endian or byte-order-free descr such as {@code <f4}; empty when the
   * descr names a type we do not support (the caller names the file in its error).
   */
  static Optional<DType> fromNumpyDescr(String descr) {
    if (descr.length() < 2) {
      return Optional.empty();
    }
    char order = descr.charAt(0);
    String code = descr.substring(1);
    for (DType t : values()) {
      if (!t.numpyCode.equals(code)) {
        continue;
      }
      boolean orderOk = order == '<' || order == '|' || (t.itemSize == 1 && order == '=');
      return orderOk ? Optional.of(t) : Optional.empty();
    }
    return Optional.empty();
  }

  /** Maps a PyTorch storage class name ({@code FloatStorage}) to its type; empty when unsupported. */
  static Optional<DType> fromTorchStorage(String storageClass) {
    for (DType t : values()) {
      if (t.torchStorage.equals(storageClass)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Maps a PyTorch dtype attribute name ({@code float32}, {@code float}, {@code long}) to its type. */
  static Optional<DType> fromTorchDtypeName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "float32": case "float": return Optional.of(FLOAT32);
      case "float64": case "double": return Optional.of(FLOAT64);
      case "int64": case "long": return Optional.of(INT64);
      case "int32": case "int": return Optional.of(INT32);
      case "int8": return Optional.of(INT8);
      case "uint8": return Optional.of(UINT8);
      case "bool": return Optional.of(BOOL);
      default: return Optional.empty();
    }
  }
}
