"""Writes the tiny NumPy golden files used by NpyTest and NpzTest (run from this directory)."""
import io
import numpy as np

np.save("f32_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3) / 4)
np.save("i64_4.npy", np.array([-2, 0, 7, 2**40], dtype="<i8"))
np.save("f64_scalar.npy", np.float64(-1.5))
np.save("u1_2x2.npy", np.array([[0, 255], [7, 128]], dtype=np.uint8))
np.save("bool_3.npy", np.array([True, False, True]))
np.save("f32_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
np.save("f32_bigendian_3.npy", np.arange(3, dtype=">f4"))
np.save("object_2.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
with open("f32_v2_2x2.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([[1, 2], [3, 4]], dtype="<f4"), version=(2, 0))
np.savez_compressed("deflated.npz", **{"a.weight": np.arange(4, dtype="<f4").reshape(2, 2),
                                        "b.num": np.array(3, dtype="<i8")})
np.savez("stored.npz", **{"z.last": np.ones((1,), dtype="<f8"), "a.first": np.zeros((2, 1), dtype="<f4")})
