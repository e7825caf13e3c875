/**
 * Checks of whole stages against the reference's numbers: in go shared test data (CamVid, the
 * parity fixture's weights) run through prepare and training, out come the figures the reference
 * PyTorch code computes for the same input (made by scripts under docs/tools, named per test).
 */
package org.hrnetbeam.refcheck;
