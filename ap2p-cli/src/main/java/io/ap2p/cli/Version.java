package io.ap2p.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The ap2p version, from the build. */
public final class Version implements CommandLine.IVersionProvider {

  /** The version string, such as {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"ap2p " + get(), "Java " + Runtime.version()};
  }
}
