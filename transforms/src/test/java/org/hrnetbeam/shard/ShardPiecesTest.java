package org.hrnetbeam.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hrnetbeam.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardPiecesTest {
  @TempDir Path shardDir;

  private static KeyedExample record(String key, String content) {
    return new KeyedExample(key, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void piecesReadBackAsOneShardSortedByKey() throws IOException {
    ShardPiece first = ShardPieces.write(shardDir, "train/2", List.of(record("b\u0000000001", "b1"),
        record("d\u0000000000", "dd0")));
    ShardPiece second = ShardPieces.write(shardDir, "train/2", List.of(record("a\u0000000003", ""),
        record("c\u0000000000", "c0-longer")));
    assertTrue(Files.isRegularFile(Path.of(first.location())));
    assertEquals(shardDir.resolve(ShardPieces.FOLDER).toAbsolutePath(), Path.of(first.location()).getParent());

    List<byte[]> shard = ShardPieces.readSorted(List.of(first, second));
    List<String> expected = List.of("", "b1", "c0-longer", "dd0");
    assertEquals(expected.size(), shard.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).getBytes(StandardCharsets.UTF_8), shard.get(i));
    }

    ShardPieces.delete(List.of(first, second));
    assertFalse(Files.exists(Path.of(first.location())));
    ShardPieces.deletePieces(shardDir);
    assertFalse(Files.exists(shardDir.resolve(ShardPieces.FOLDER)));
  }

  @Test
  void aTruncatedPieceFailsNamingTheFile() throws IOException {
    ShardPiece piece = ShardPieces.write(shardDir, "val/0", List.of(record("x\u0000000000", "twelve bytes")));
    Files.write(Path.of(piece.location()), new byte[5]);
    IOException e = assertThrows(IOException.class, () -> ShardPieces.readSorted(List.of(piece)));
    assertTrue(e.getMessage().contains(piece.location()), e.getMessage());
  }

  @Test
  void piecesWorkOnGcs() throws IOException {
    Storage.useGcsOptions(LocalStorageHelper.getOptions());
    try {
      Path gcsShards = Storage.path("gs://bucket/run/shards");
      ShardPiece piece = ShardPieces.write(gcsShards, "train/0", List.of(record("b\u0000000000", "second"),
          record("a\u0000000000", "first")));
      assertTrue(piece.location().startsWith("gs://bucket/run/shards/" + ShardPieces.FOLDER + "/"), piece.location());
      List<byte[]> shard = ShardPieces.readSorted(List.of(piece));
      assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), shard.get(0));
      assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), shard.get(1));
      ShardPieces.write(gcsShards, "train/1", List.of(record("c\u0000000000", "left over")));
      ShardPieces.deletePieces(gcsShards);
      try (var left = Files.list(gcsShards.resolve(ShardPieces.FOLDER))) {
        assertEquals(0, left.count());
      }
    } finally {
      Storage.useGcsOptions(null);
    }
  }

  @Test
  void leftoverPiecesAreRemovedWithTheFolder() throws IOException {
    ShardPieces.write(shardDir, "train/0", List.of(record("k\u0000000000", "orphan of a retried bundle")));
    ShardPieces.deletePieces(shardDir);
    assertFalse(Files.exists(shardDir.resolve(ShardPieces.FOLDER)));
    ShardPieces.deletePieces(shardDir);
  }
}
