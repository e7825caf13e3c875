/**
 * Bridge between DL4J 1.0.0-M2.1 layers and the oneDNN kernels nd4j-native already ships.
 * In: a built {@link org.deeplearning4j.nn.graph.ComputationGraph}. Out: the same graph with DL4J's
 * oneDNN helpers installed on every conv/BN layer, or a loud failure naming the layers left without.
 * The BN helper computes training-mode batch statistics and the whole BN backward pass itself
 * ({@link org.hrnetbeam.model.onednn.ChannelPasses}); oneDNN still normalises.
 */
package org.hrnetbeam.model.onednn;
