package org.hrnetbeam.model.dnnl;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

/**
 * oneDNN reorders (layout copies) between two descriptors, built once per pair of layouts and kept.
 * One instance belongs to one {@link DirectConv}; not for concurrent use.
 */
final class Reorders {
  private final Map<String, reorder> built = new HashMap<>();

  /**
   * Copies {@code from} (laid out as {@code fromMd}) into {@code to} ({@code toMd}); {@code key}
   * names the pair of layouts, so that the primitive is built on the first call only.
   */
  void run(stream s, String key, memory.desc fromMd, Pointer from, memory.desc toMd, Pointer to) {
    reorder r = built.get(key);
    if (r == null) {
      r = new reorder(new reorder.primitive_desc(Dnnl.engine(), fromMd, Dnnl.engine(), toMd));
      r.retainReference();
      built.put(key, r);
    }
    r.execute(s, new memory(fromMd, Dnnl.engine(), from), new memory(toMd, Dnnl.engine(), to));
  }
}
