/**
 * Segmentation losses as the reference defines them. In: raw logits at 1/4 resolution and
 * full-resolution labels. Out: the loss value and its gradient w.r.t. the logits, to feed back into
 * the DL4J graph as an external error.
 */
package org.hrnetbeam.loss;
