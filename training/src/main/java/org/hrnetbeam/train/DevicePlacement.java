package org.hrnetbeam.train;

import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J device a data-parallel worker's replica lives on: worker {@code w} of W takes device
 * {@code w mod devices}, so W workers on D GPUs of one machine spread evenly (two workers per GPU
 * when W = 2D). On the CPU backend there is one device and every worker shares it.
 *
 * <p>ND4J 1.0.0-M2.1 binds a thread to a device with {@link AffinityManager#unsafeSetDevice}
 * (CUDA: the native current device of that thread, which is also what
 * {@link AffinityManager#getDeviceForCurrentThread} reports; the older
 * {@code attachThreadToDevice} is gone from this version). It must run on the thread that then
 * builds and steps the replica, before that thread touches ND4J, since arrays are allocated on
 * the device of the thread that creates them.
 */
public final class DevicePlacement {
  private DevicePlacement() {
  }

  /** Device of worker {@code worker} when there are {@code devices} devices: {@code worker mod devices}. */
  public static int deviceFor(int worker, int devices) {
    if (worker < 0) {
      throw new IllegalArgumentException("worker id must be >= 0, got " + worker);
    }
    if (devices < 1) {
      throw new IllegalArgumentException("ND4J reports " + devices + " devices; need at least 1");
    }
    return worker % devices;
  }

  /**
   * Binds the calling thread to worker {@code worker}'s device and returns the device the backend
   * then reports for the thread.
   */
  public static int attachCurrentThread(int worker) {
    AffinityManager affinity = Nd4j.getAffinityManager();
    int device = deviceFor(worker, affinity.getNumberOfDevices());
    affinity.unsafeSetDevice(device);
    Integer reported = affinity.getDeviceForCurrentThread();
    return reported == null ? device : reported;
  }
}
