package org.hrnetbeam.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Map;
import org.hrnetbeam.records.proto.Example;
import org.hrnetbeam.records.proto.Feature;
import org.junit.jupiter.api.Test;

class ExampleCodecTest {
  private static final SampleRecord RECORD = new SampleRecord("train/a.png", 3, "a.png", 4, 2,
      new byte[] {1, 2, 3}, new byte[] {9, 8});

  @Test
  void roundTrips() throws Exception {
    assertEquals(RECORD, ExampleCodec.decode(ExampleCodec.encode(RECORD)));
  }

  @Test
  void writesTheDeepLabKeys() throws Exception {
    Map<String, Feature> f = Example.parseFrom(ExampleCodec.encode(RECORD)).getFeatures().getFeatureMap();
    assertEquals("png", f.get("image/format").getBytesList().getValue(0).toStringUtf8());
    assertEquals("png", f.get("image/segmentation/class/format").getBytesList().getValue(0).toStringUtf8());
    assertEquals(2, f.get("image/height").getInt64List().getValue(0));
    assertEquals(4, f.get("image/width").getInt64List().getValue(0));
    assertEquals(3, f.get("image/channels").getInt64List().getValue(0));
    assertEquals("a.png", f.get("image/filename").getBytesList().getValue(0).toStringUtf8());
    assertArrayEquals(new byte[] {1, 2, 3}, f.get("image/encoded").getBytesList().getValue(0).toByteArray());
    assertArrayEquals(new byte[] {9, 8}, f.get("image/segmentation/class/encoded").getBytesList().getValue(0).toByteArray());
    assertEquals("train/a.png", f.get("hrnet/sample_id").getBytesList().getValue(0).toStringUtf8());
    assertEquals(3, f.get("hrnet/copy_index").getInt64List().getValue(0));
  }

  @Test
  void serializationIsStable() {
    assertArrayEquals(ExampleCodec.encode(RECORD), ExampleCodec.encode(new SampleRecord("train/a.png", 3, "a.png", 4, 2,
        new byte[] {1, 2, 3}, new byte[] {9, 8})));
  }

  @Test
  void missingFeatureIsNamed() {
    byte[] empty = Example.newBuilder().build().toByteArray();
    InvalidProtocolBufferException e = assertThrows(InvalidProtocolBufferException.class, () -> ExampleCodec.decode(empty));
    assertEquals("tf.train.Example lacks feature 'hrnet/sample_id'", e.getMessage());
  }
}
