package org.hrnetbeam.cli;

/** The exit codes of {@code hrnet}, as the README lists them. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The work failed (bad data everywhere, a crash, a failed write). */
  public static final int FAILED = 1;
  /** The command line or the config is wrong. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
