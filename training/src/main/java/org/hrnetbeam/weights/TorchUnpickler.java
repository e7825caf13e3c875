package org.hrnetbeam.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDictConstructor;

/**
 * Unpickles the {@code data.pkl} of a {@code torch.save} archive into plain Java values: dicts become
 * insertion-ordered maps, tensors become {@link Tensor}s, numbers and strings stay as razorvine maps them.
 *
 * <p>Globals are resolved per instance (razorvine's own constructor registry is static and shared);
 * dict opcodes are overridden because razorvine's collect items in a {@code HashMap}, which would
 * scramble the parameter order of a state dict. Unknown classes in non-tensor parts (optimizer
 * state, metadata) become razorvine {@code ClassDict}s so odd extras never block loading weights.
 */
final class TorchUnpickler extends Unpickler {

  /**
   * Loads the bytes of storage {@code key}. Returning null skims: tensors then come out as
   * {@link #SKIPPED}, which the legacy reader uses to find where the pickle ends before the
   * storages (stored after it) have been read.
   */
  interface StorageSource {
    byte[] load(String key, DType dtype, long numel) throws IOException;
  }

  /** Stands in for every tensor while skimming. */
  static final Object SKIPPED = new Object();

  /** A PyTorch storage class seen in the pickle, e.g. {@code torch.FloatStorage}. */
  record StorageClass(String name) {}

  /** The storage a tensor views: its element type and raw little-endian bytes. */
  record Storage(String key, DType dtype, byte[] bytes) {}

  private final StorageSource storages;
  private final String source;
  private final Map<String, Storage> loaded = new LinkedHashMap<>();

  TorchUnpickler(StorageSource storages, String source) {
    this.storages = storages;
    this.source = source;
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case Opcodes.GLOBAL:
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolveGlobal(module, name));
        return NO_RETURN_VALUE;
      case Opcodes.STACK_GLOBAL:
        String n = (String) stack.pop();
        String m = (String) stack.pop();
        stack.add(resolveGlobal(m, n));
        return NO_RETURN_VALUE;
      case Opcodes.EMPTY_DICT:
        stack.add(new LinkedHashMap<Object, Object>());
        return NO_RETURN_VALUE;
      case Opcodes.DICT:
        Map<Object, Object> dict = new LinkedHashMap<>();
        putPairs(dict, stack.pop_all_since_marker());
        stack.add(dict);
        return NO_RETURN_VALUE;
      case Opcodes.SETITEMS:
        List<Object> items = stack.pop_all_since_marker();
        putPairs(asMap(stack.peek(), "SETITEMS"), items);
        return NO_RETURN_VALUE;
      case Opcodes.SETITEM:
        Object value = stack.pop();
        Object k = stack.pop();
        asMap(stack.peek(), "SETITEM").put(k, value);
        return NO_RETURN_VALUE;
      case Opcodes.BUILD:
        Object state = stack.pop();
        build(stack.peek(), state);
        return NO_RETURN_VALUE;
      default:
        return super.dispatch(key);
    }
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[]) || ((Object[]) pid).length < 5 || !"storage".equals(((Object[]) pid)[0])) {
      throw new PickleException("unsupported persistent id " + describe(pid) + " (expected ('storage', type, key, location, numel))");
    }
    Object[] t = (Object[]) pid;
    if (!(t[1] instanceof StorageClass)) {
      throw new PickleException("persistent id names " + describe(t[1]) + " instead of a torch storage class");
    }
    String storageClass = ((StorageClass) t[1]).name();
    DType dtype = storageClass.equals("UntypedStorage")
        ? DType.UINT8
        : DType.fromTorchStorage(storageClass).orElseThrow(() -> new UncheckedIOException(new WeightFileException(
            source, "unsupported dtype torch." + storageClass + " (storage " + t[2]
                + "); supported: float32, float64, int64, int32, int8, uint8, bool")));
    String storageKey = String.valueOf(t[2]);
    long numel = ((Number) t[4]).longValue();
    Storage s = loaded.get(storageKey);
    if (s == null) {
      try {
        s = new Storage(storageKey, dtype, storages.load(storageKey, dtype, numel));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded.put(storageKey, s);
    }
    // Legacy (pre-1.6) files may name a window (view_key, offset, size) into the root storage.
    if (t.length > 5 && t[5] instanceof Object[]) {
      Object[] view = (Object[]) t[5];
      String viewKey = String.valueOf(view[0]);
      long from = ((Number) view[1]).longValue() * dtype.itemSize();
      long to = from + ((Number) view[2]).longValue() * dtype.itemSize();
      if (s.bytes() != null && (from < 0 || to > s.bytes().length)) {
        throw new UncheckedIOException(new WeightFileException(source, "storage view " + viewKey
            + " reaches past the end of storage " + storageKey));
      }
      byte[] bytes = s.bytes() == null ? null : Arrays.copyOfRange(s.bytes(), (int) from, (int) to);
      return new Storage(viewKey, dtype, bytes);
    }
    return s;
  }

  private Object resolveGlobal(String module, String name) {
    String full = module + "." + name;
    switch (full) {
      case "collections.OrderedDict":
        return (IObjectConstructor) args -> new LinkedHashMap<Object, Object>();
      case "torch._utils._rebuild_tensor_v2":
      case "torch._utils._rebuild_tensor":
        return (IObjectConstructor) this::rebuildTensor;
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state":
        return (IObjectConstructor) args -> args[0];
      case "torch._tensor._rebuild_from_type_v2":
        // (func, subclass, args, state): rebuild with func and drop the subclass, as a state dict needs.
        return (IObjectConstructor) args -> ((IObjectConstructor) args[0]).construct((Object[]) args[2]);
      case "numpy.dtype":
        return (IObjectConstructor) args -> new NumpyScalars.Dtype(String.valueOf(args[0]));
      case "numpy.core.multiarray.scalar":
      case "numpy._core.multiarray.scalar":
        return (IObjectConstructor) NumpyScalars::scalar;
      default:
        break;
    }
    // torch.FloatStorage and friends; torch.storage.UntypedStorage (raw bytes) on newer PyTorch.
    if ((module.equals("torch") || module.equals("torch.storage")) && name.endsWith("Storage")) {
      return new StorageClass(name);
    }
    if (module.startsWith("torch") && name.startsWith("_rebuild")) {
      return (IObjectConstructor) args -> {
        throw new UncheckedIOException(new WeightFileException(source, "unsupported tensor kind " + full
            + " (sparse, quantized or meta tensors cannot be loaded)"));
      };
    }
    IObjectConstructor known = objectConstructors.get(full);
    return known != null ? known : new ClassDictConstructor(module, name);
  }

  /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
  private Object rebuildTensor(Object[] args) {
    if (args.length < 4 || !(args[0] instanceof Storage)) {
      throw new PickleException("malformed _rebuild_tensor arguments " + describe(args));
    }
    Storage storage = (Storage) args[0];
    if (storage.bytes() == null) {
      return SKIPPED;
    }
    long offset = ((Number) args[1]).longValue();
    long[] size = longs(args[2]);
    long[] stride = longs(args[3]);
    try {
      return StridedView.materialize(storage.dtype(), storage.bytes(), offset, size, stride);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UncheckedIOException(new WeightFileException(source,
          "tensor view of storage " + storage.key() + " is invalid: " + e.getMessage()));
    }
  }

  private void build(Object target, Object state) {
    if (target instanceof Map) {
      // An OrderedDict's instance attributes (a state dict's _metadata): not needed for weights.
      return;
    }
    if (target instanceof NumpyScalars.Dtype) {
      ((NumpyScalars.Dtype) target).setState(state);
      return;
    }
    throw new PickleException("cannot restore the state of " + describe(target));
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> asMap(Object o, String op) {
    if (!(o instanceof Map)) {
      throw new PickleException(op + " applied to " + describe(o) + ", not a dict");
    }
    return (Map<Object, Object>) o;
  }

  private static void putPairs(Map<Object, Object> dict, List<Object> items) {
    for (int i = 0; i + 1 < items.size(); i += 2) {
      dict.put(items.get(i), items.get(i + 1));
    }
  }

  private static long[] longs(Object tuple) {
    if (!(tuple instanceof Object[])) {
      throw new PickleException("expected a tuple of ints, got " + describe(tuple));
    }
    return Arrays.stream((Object[]) tuple).mapToLong(x -> ((Number) x).longValue()).toArray();
  }

  private static String describe(Object o) {
    if (o instanceof Object[]) {
      return Arrays.deepToString((Object[]) o);
    }
    return o == null ? "None" : o.getClass().getSimpleName() + " " + o;
  }

  /** Reads a little-endian element for the few scalars the checkpoint metadata holds. */
  static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
