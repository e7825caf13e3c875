/**
 * Weight files in and out, with no DL4J types so any stage can use it.
 *
 * <p>In: NumPy {@code .npy} / {@code .npz} files and PyTorch {@code torch.save} checkpoints, zip
 * (PyTorch ≥ 1.6) or legacy format (a plain {@code state_dict}, a training checkpoint dict, or a
 * {@code model.}-prefixed state dict as the HRNet reference writes them); start at
 * {@link org.hrnetbeam.weights.WeightFiles}.
 *
 * <p>Out: {@link org.hrnetbeam.weights.StateDict}, an ordered map of name →
 * {@link org.hrnetbeam.weights.Tensor} (shape, dtype, little-endian C-order bytes), written back as
 * {@code .npy}, {@code .npz} or a {@code torch.save} zip that {@code numpy.load}, {@code torch.load}
 * and {@code load_state_dict} accept.
 *
 * <p>Every failure is a {@link org.hrnetbeam.weights.WeightFileException} whose message starts with
 * the file (and the archive entry) and says what is wrong.
 */
package org.hrnetbeam.weights;
