package org.hrnetbeam.cli;

/** A command line the user must fix (exit code 2), other than a config error. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
