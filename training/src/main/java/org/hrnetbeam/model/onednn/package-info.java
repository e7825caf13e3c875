/**
 * Bridge between DL4J 1.0.0-M2.1 layers and the oneDNN kernels nd4j-native already ships.
 * In: a built {@link org.deeplearning4j.nn.graph.ComputationGraph}. Out: the same graph with DL4J's
 * oneDNN helpers installed on every conv/BN layer, or a loud failure naming the layers left without.
 * The BN helper computes training-mode batch statistics and the whole BN backward pass itself
 * ({@link org.hrnetbeam.model.onednn.ChannelPasses}). A conv that feeds only batch norms writes its
 * output channels last ({@link org.hrnetbeam.model.onednn.ChannelsLast}, no oneDNN reorders), and its
 * batch norm normalises it in Java into dense NCHW; elsewhere oneDNN still normalises.
 */
package org.hrnetbeam.model.onednn;
