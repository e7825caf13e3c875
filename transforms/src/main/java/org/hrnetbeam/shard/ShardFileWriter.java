package org.hrnetbeam.shard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.TFRecordIO;
import org.hrnetbeam.storage.Storage;

/**
 * Writes one shard file atomically with Beam's TFRecord framing ({@link TFRecordIO#sink()}), in
 * the order given, optionally GZIP-compressed (the GZIP header carries no time stamp, so equal
 * records give equal bytes).
 */
public final class ShardFileWriter {
  private ShardFileWriter() {}

  /** Writes the records to {@code target} and returns the file's size in bytes. */
  public static long write(Path target, List<byte[]> records, boolean gzip) throws IOException {
    Storage.writeAtomically(target, out -> {
      OutputStream stream = gzip ? new GZIPOutputStream(nonClosing(out), 1 << 16) : nonClosing(out);
      TFRecordIO.Sink sink = TFRecordIO.sink();
      sink.open(Channels.newChannel(stream));
      for (byte[] record : records) {
        sink.write(record);
      }
      sink.flush();
      stream.close();
    });
    return Files.size(target);
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
