package org.hrnetbeam.model.dnnl;

import org.bytedeco.javacpp.Pointer;

/** A JavaCPP pointer to a native address owned by someone else (an ND4J buffer): never freed here. */
final class RawAddress extends Pointer {
  RawAddress(long address) {
    this.address = address;
  }
}
