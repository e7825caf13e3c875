package org.hrnetbeam.model.dnnl;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where {@link DirectConv} gets temporary arrays (channels-last copies, weights in oneDNN's layout):
 * a dense c-ordered uninitialised float32 array of the given shape, alive at least until the call
 * that asked for it returns (the benchmark reuses its arrays from call to call; a layer helper would
 * take them from a workspace or a per-thread buffer).
 */
@FunctionalInterface
public interface Scratch {
  INDArray floats(long... shape);
}
