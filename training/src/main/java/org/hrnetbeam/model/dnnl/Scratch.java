package org.hrnetbeam.model.dnnl;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where {@link DirectConv} gets temporary arrays (channels-last copies, weights in oneDNN's layout):
 * a dense c-ordered uninitialised float32 array of the given shape, alive at least until the call
 * that asked for it returns. In the model these come from DL4J's working-memory workspaces.
 */
@FunctionalInterface
public interface Scratch {
  INDArray floats(long... shape);
}
