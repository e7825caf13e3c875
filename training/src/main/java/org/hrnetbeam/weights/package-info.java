/**
 * Weight files in and out, with no DL4J types so any stage can use it.
 *
 * <p>In: NumPy {@code .npy} / {@code .npz} files and PyTorch {@code torch.save} zip checkpoints
 * (a plain {@code state_dict}, a training checkpoint dict, or a {@code model.}-prefixed state dict
 * as the HRNet reference writes them). Out: {@link org.hrnetbeam.weights.StateDict}, an ordered map of
 * name → {@link org.hrnetbeam.weights.Tensor} (shape, dtype, little-endian C-order bytes), and the
 * same formats written back so that {@code numpy.load} and {@code torch.load} accept them.
 *
 * <p>Every failure is a {@link org.hrnetbeam.weights.WeightFileException} whose message starts with
 * the file (and the archive entry) and says what is wrong.
 */
package org.hrnetbeam.weights;
