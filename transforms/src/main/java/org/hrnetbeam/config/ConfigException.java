package org.hrnetbeam.config;

/**
 * A config problem the user can fix: an unknown key, a wrong type, a bad value or a bad override.
 * The message names the key (full dotted path), the value and, where it helps, the file.
 * The command line turns it into exit code 2.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
