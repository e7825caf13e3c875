package org.hrnetbeam.trainlog;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hrnetbeam.trainlog.proto.Event;
import org.hrnetbeam.trainlog.proto.Summary;

/**
 * Writes a TensorBoard event file, {@code events.out.tfevents.<unix seconds>.<hostname>}, in a
 * log folder: TFRecord-framed {@code tensorflow.Event} protobufs, the first carrying
 * {@code file_version: "brain.Event:2"}, then one scalar summary per {@link #scalar} call.
 *
 * <p>Flushing costs a write (locally) or a whole-file upload (gs://), so it happens at most every
 * {@code flushIntervalMillis} on a write, on {@link #flush()} and on {@link #close()}; TensorBoard
 * sees new points within that interval. Not thread-safe: the trainer's thread owns it.
 */
public final class EventFileWriter implements Closeable {
  /** TensorBoard's event file format version. */
  public static final String FILE_VERSION = "brain.Event:2";
  /** Default flush interval: 10 s. */
  public static final long DEFAULT_FLUSH_MILLIS = 10_000;

  private final LogFile file;
  private final long flushIntervalMillis;
  private long lastFlush;

  private EventFileWriter(LogFile file, long flushIntervalMillis) {
    this.file = file;
    this.flushIntervalMillis = flushIntervalMillis;
  }

  /** A new event file in {@code logDir} (local or gs://), flushed every 10 s. */
  public static EventFileWriter create(Path logDir) throws IOException {
    return create(logDir, DEFAULT_FLUSH_MILLIS);
  }

  /** A new event file in {@code logDir}, flushed at most every {@code flushIntervalMillis} (0: every write). */
  public static EventFileWriter create(Path logDir, long flushIntervalMillis) throws IOException {
    double now = System.currentTimeMillis() / 1000.0;
    String base = "events.out.tfevents." + (long) now + "." + hostname();
    Path target = logDir.resolve(base);
    // Two writers in the same second on the same host would clobber each other; TensorBoard
    // reads any name containing "tfevents", so a suffix keeps both.
    for (int i = 1; Files.exists(target); i++) {
      target = logDir.resolve(base + "." + i);
    }
    EventFileWriter writer = new EventFileWriter(LogFile.open(target, false), flushIntervalMillis);
    writer.write(Event.newBuilder().setWallTime(now).setFileVersion(FILE_VERSION).build());
    writer.flush();
    return writer;
  }

  /** Where the events go. */
  public Path path() {
    return file.target();
  }

  /** Logs scalar {@code value} under {@code tag} at {@code step}, stamped now. */
  public void scalar(String tag, double value, long step) throws IOException {
    scalar(tag, value, step, System.currentTimeMillis() / 1000.0);
  }

  /** Logs scalar {@code value} under {@code tag} at {@code step} with wall time {@code wallTime} (s since the epoch). */
  public void scalar(String tag, double value, long step, double wallTime) throws IOException {
    if (tag == null || tag.isEmpty()) {
      throw new IllegalArgumentException("a TensorBoard scalar needs a tag");
    }
    Summary summary = Summary.newBuilder()
        .addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value))
        .build();
    write(Event.newBuilder().setWallTime(wallTime).setStep(step).setSummary(summary).build());
    if (System.currentTimeMillis() - lastFlush >= flushIntervalMillis) {
      flush();
    }
  }

  public void flush() throws IOException {
    file.flush();
    lastFlush = System.currentTimeMillis();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private void write(Event event) throws IOException {
    file.write(TfRecordWriter.frame(event.toByteArray()));
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
