package org.hrnetbeam.trainstage;

import java.io.IOException;

/** The shards to train on are not there: the prepare stage has not run for this config. */
public final class MissingShardsException extends IOException {
  private static final long serialVersionUID = 1L;

  public MissingShardsException(String message) {
    super(message);
  }
}
