package org.hrnetbeam.cli;

/** Says that a sub-command is not built yet, and which issue brings it; never fakes output. */
final class NotBuiltYet {
  private NotBuiltYet() {}

  static int report(String command, String comesWith) {
    System.err.println("hrnet " + command + ": not built yet; it comes with " + comesWith + ".");
    return ExitCodes.NOT_BUILT;
  }
}
