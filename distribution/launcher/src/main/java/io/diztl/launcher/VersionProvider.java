package io.diztl.launcher;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import picocli.CommandLine.IVersionProvider;

/**
 * diztl's version, from the launcher module's descriptor (on the module path) or its jar's manifest
 * (on the class path, where client commands run), and the Java that runs it.
 */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version =
        Optional.ofNullable(Main.class.getModule().getDescriptor())
            .flatMap(ModuleDescriptor::rawVersion)
            .or(() -> Optional.ofNullable(Main.class.getPackage().getImplementationVersion()))
            .orElse("(development build)");
    return new String[] {
      "diztl " + version,
      "Java "
          + Runtime.version()
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("java.home")
          + ")"
    };
  }
}
