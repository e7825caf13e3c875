package org.hrnetbeam.shard;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.hrnetbeam.storage.Storage;

/**
 * Piece files: the records of one shard made in one bundle, staged in {@value #FOLDER} beside the
 * shards until the shard is written ({@link WriteShards}), then deleted.
 *
 * <p>Why files and not the records themselves through the grouping: DirectRunner keeps a grouping
 * key's values as Beam state and, for every bundle that adds to a key, clones all the values the
 * key already holds through their coder. With a few records per bundle and one key per shard, that
 * re-encodes every record once per later bundle, a cost that grows with the square of the data set
 * (and kept every record on the heap). Grouping the small {@link ShardPiece} descriptions instead
 * leaves the bytes where they were written.
 */
public final class ShardPieces {
  /** The folder of the piece files inside the shard folder; empty and removed once a run has finished. */
  public static final String FOLDER = "_pieces";

  private ShardPieces() {}

  /** Writes the records of one shard, in the order given, as a new piece file in {@code shardDir}. */
  public static ShardPiece write(Path shardDir, String shardKey, List<KeyedExample> records) throws IOException {
    Path folder = shardDir.resolve(FOLDER);
    if (!Storage.isGcs(Storage.location(shardDir))) {
      Files.createDirectories(folder);
    }
    Path file = folder.resolve(shardKey.replace('/', '-') + "-" + UUID.randomUUID() + ".bin");
    List<String> keys = new ArrayList<>(records.size());
    int[] lengths = new int[records.size()];
    int total = 0;
    for (int i = 0; i < records.size(); i++) {
      keys.add(records.get(i).sortKey());
      lengths[i] = records.get(i).example().length;
      total = Math.addExact(total, lengths[i]);
    }
    byte[] bytes = new byte[total];
    int at = 0;
    for (KeyedExample r : records) {
      System.arraycopy(r.example(), 0, bytes, at, r.example().length);
      at += r.example().length;
    }
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new IOException("could not write shard piece " + Storage.location(file) + ": " + e.getMessage(), e);
    }
    return new ShardPiece(Storage.location(file.toAbsolutePath()), keys, lengths);
  }

  /**
   * Reads back the records of all pieces of one shard, sorted by their keys: the shard's content.
   * Fails, naming the piece, when a file is missing or shorter than its description says.
   */
  public static List<byte[]> readSorted(Iterable<ShardPiece> pieces) throws IOException {
    List<KeyedExample> all = new ArrayList<>();
    for (ShardPiece piece : pieces) {
      byte[] bytes = Storage.readAllBytes(Storage.path(piece.location()));
      long expected = Arrays.stream(piece.lengths()).asLongStream().sum();
      if (bytes.length != expected) {
        throw new IOException("shard piece " + piece.location() + " has " + bytes.length + " bytes, expected "
            + expected);
      }
      int at = 0;
      for (int i = 0; i < piece.lengths().length; i++) {
        all.add(new KeyedExample(piece.sortKeys().get(i), Arrays.copyOfRange(bytes, at, at + piece.lengths()[i])));
        at += piece.lengths()[i];
      }
    }
    all.sort(Comparator.comparing(KeyedExample::sortKey));
    List<byte[]> records = new ArrayList<>(all.size());
    all.forEach(r -> records.add(r.example()));
    return records;
  }

  /** Deletes the given piece files (once their shard is written). */
  public static void delete(Iterable<ShardPiece> pieces) throws IOException {
    for (ShardPiece piece : pieces) {
      Files.deleteIfExists(Storage.path(piece.location()));
    }
  }

  /** Whether the folder of staged pieces under {@code shardDir} holds any file. */
  public static boolean hasPieces(Path shardDir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(shardDir.resolve(FOLDER))) {
      return files.iterator().hasNext();
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Removes the piece folder of {@code shardDir} with anything left in it (pieces of a bundle that
   * a runner retried are never merged). Nothing to do when it does not exist.
   */
  public static void deletePieces(Path shardDir) throws IOException {
    Path folder = shardDir.resolve(FOLDER);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (NoSuchFileException e) {
      return;
    }
    if (!Storage.isGcs(Storage.location(shardDir))) {
      Files.deleteIfExists(folder);
    }
  }
}
