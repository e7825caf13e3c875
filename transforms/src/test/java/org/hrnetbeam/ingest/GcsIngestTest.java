package org.hrnetbeam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.hrnetbeam.records.TfRecordReader;
import org.hrnetbeam.shard.ShardFileWriter;
import org.hrnetbeam.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing, reading and shard writing on gs:// paths, against google-cloud-nio's in-memory fake. */
class GcsIngestTest {
  @BeforeEach
  void fakeGcs() {
    Storage.useGcsOptions(LocalStorageHelper.getOptions());
  }

  @AfterEach
  void realGcs() {
    Storage.useGcsOptions(null);
  }

  @Test
  void listFileDatasetOnGcsIsListedReadAndSharded() throws Exception {
    Path root = Storage.path("gs://bucket/data");
    Files.write(root.resolve("img/a.png"), png(6, 4, BufferedImage.TYPE_3BYTE_BGR));
    Files.write(root.resolve("lbl/a.png"), png(6, 4, BufferedImage.TYPE_BYTE_GRAY));
    Files.writeString(root.resolve("train.txt"), "img/a.png lbl/a.png\nimg/b.png lbl/b.png\n");
    List<SampleRef> refs = new SampleLister(root, DatasetLayout.LIST).list(Split.TRAIN, "train.txt");
    assertEquals(2, refs.size());
    assertEquals("gs://bucket/data/img/a.png", refs.get(0).image());
    assertEquals(6, SampleReader.read(refs.get(0)).image().width());
    SampleRejectedException missing = org.junit.jupiter.api.Assertions.assertThrows(SampleRejectedException.class,
        () -> SampleReader.read(refs.get(1)));
    assertEquals("missing_image", missing.deadLetter().reason());

    Path shard = Storage.path("gs://bucket/out/train-00000-of-00001.tfrecord");
    long size = ShardFileWriter.write(shard, List.of("x".getBytes(), "yz".getBytes()), false);
    assertEquals(Files.size(shard), size);
    List<byte[]> back = TfRecordReader.readAll(new ByteArrayInputStream(Files.readAllBytes(shard)), "shard");
    assertEquals(2, back.size());
    assertTrue(new String(back.get(1)).equals("yz"));
  }

  private static byte[] png(int w, int h, int type) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, type), "png", out);
    return out.toByteArray();
  }
}
