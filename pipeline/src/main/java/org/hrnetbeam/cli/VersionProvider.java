package org.hrnetbeam.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code hrnet --version}: our version and the library versions that shape results. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Package ours = HrnetCommand.class.getPackage();
    String version = ours.getImplementationVersion() == null ? "development build" : ours.getImplementationVersion();
    return new String[] {
        "hrnet " + version,
        "Java " + System.getProperty("java.version"),
    };
  }
}
