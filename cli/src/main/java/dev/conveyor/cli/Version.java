package dev.conveyor.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code conveyor --version}. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {
      "conveyor " + (version == null ? "development build" : version),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
