package io.diztl.launcher;

import java.lang.module.ModuleDescriptor;
import picocli.CommandLine.IVersionProvider;

/**
 * diztl's version, from the launcher module's descriptor (on the module path) or its jar's manifest
 * (on the class path, where client commands run), and the Java that runs it.
 */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    // Without lambdas, streams or string concatenation (each links method handles at its first
    // use): `diztl --version` runs this alone.
    ModuleDescriptor descriptor = Main.class.getModule().getDescriptor();
    String version = descriptor == null ? null : descriptor.rawVersion().orElse(null);
    if (version == null) {
      version = Main.class.getPackage().getImplementationVersion();
    }
    return new String[] {
      "diztl ".concat(version == null ? "(development build)" : version),
      String.join(
          "",
          "Java ",
          System.getProperty("java.runtime.version"),
          " (",
          System.getProperty("java.vendor"),
          ", ",
          System.getProperty("java.home"),
          ")")
    };
  }
}
