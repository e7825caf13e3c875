package org.hrnetbeam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleListerTest {
  @TempDir Path root;

  @Test
  void listFilesAcceptTabsAndSpacesAndSortById() throws IOException {
    Files.writeString(root.resolve("train.lst"), "b/2.png\tl/2.png\n\n  a/1.png   l/1.png  \n# comment\n");
    List<SampleRef> refs = new SampleLister(root, DatasetLayout.LIST).list(Split.TRAIN, "train.lst");
    assertEquals(2, refs.size());
    assertEquals("a/1.png", refs.get(0).id());
    assertEquals(root.resolve("l/1.png").toString(), refs.get(0).label());
    assertEquals("train", refs.get(0).split());
  }

  @Test
  void realCamVidListsHaveAllPairs() {
    Path camvid = SharedData.dataset("camvid");
    SampleLister lister = new SampleLister(camvid, DatasetLayout.LIST);
    assertEquals(123, lister.list(Split.TRAIN, "train.txt").size());
    List<SampleRef> val = lister.list(Split.VAL, "val.txt");
    assertEquals(101, val.size());
    assertTrue(Files.exists(Path.of(val.get(0).label())));
  }

  @Test
  void cityscapesLayoutPairsLeftImg8bitWithGtFineLabelIds() {
    Path cs = SharedData.dataset("cityscapes-sample");
    List<SampleRef> refs = new SampleLister(cs, DatasetLayout.CITYSCAPES).list(Split.VAL, "list/cityscapes/val.lst");
    assertEquals(1, refs.size());
    assertEquals("leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png", refs.get(0).id());
    assertTrue(refs.get(0).label().endsWith("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png"));
    assertTrue(Files.exists(Path.of(refs.get(0).label())));
  }

  @Test
  void foldersLayoutPairsByStemAndLeavesUnpairedImagesWithoutLabel() throws IOException {
    Files.createDirectories(root.resolve("images/train/x"));
    Files.createDirectories(root.resolve("labels/train/x"));
    Files.write(root.resolve("images/train/x/a.jpg"), new byte[1]);
    Files.write(root.resolve("labels/train/x/a.png"), new byte[1]);
    Files.write(root.resolve("images/train/b.jpg"), new byte[1]);
    List<SampleRef> refs = new SampleLister(root, DatasetLayout.FOLDERS).list(Split.TRAIN, "train");
    assertEquals(2, refs.size());
    assertEquals("images/train/b.jpg", refs.get(0).id());
    assertEquals("", refs.get(0).label());
    assertTrue(refs.get(1).label().endsWith("labels/train/x/a.png"));
  }

  @Test
  void missingRootAndEmptyListFailAtOnceNamingThePath() throws IOException {
    DatasetException noRoot = assertThrows(DatasetException.class,
        () -> new SampleLister(root.resolve("nope"), DatasetLayout.LIST).list(Split.TRAIN, "t.lst"));
    assertTrue(noRoot.getMessage().contains("nope"), noRoot.getMessage());
    Files.writeString(root.resolve("empty.lst"), "\n");
    DatasetException empty = assertThrows(DatasetException.class,
        () -> new SampleLister(root, DatasetLayout.LIST).list(Split.VAL, "empty.lst"));
    assertTrue(empty.getMessage().contains("empty.lst") && empty.getMessage().contains("no samples"), empty.getMessage());
    DatasetException noList = assertThrows(DatasetException.class,
        () -> new SampleLister(root, DatasetLayout.LIST).list(Split.VAL, "missing.lst"));
    assertTrue(noList.getMessage().contains("missing.lst"), noList.getMessage());
  }

  @Test
  void malformedLineNamesFileAndLine() throws IOException {
    Files.writeString(root.resolve("bad.lst"), "a.png b.png\na.png b.png c.png\n");
    DatasetException e = assertThrows(DatasetException.class,
        () -> new SampleLister(root, DatasetLayout.LIST).list(Split.TRAIN, "bad.lst"));
    assertTrue(e.getMessage().contains("bad.lst line 2"), e.getMessage());
  }
}
