package org.hrnetbeam.ingest;

/** The dataset as a whole is unusable (missing root, empty list, malformed list line). */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
