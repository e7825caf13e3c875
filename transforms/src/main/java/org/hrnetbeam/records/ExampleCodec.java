package org.hrnetbeam.records;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.util.Map;
import org.hrnetbeam.records.proto.BytesList;
import org.hrnetbeam.records.proto.Example;
import org.hrnetbeam.records.proto.Feature;
import org.hrnetbeam.records.proto.Features;
import org.hrnetbeam.records.proto.Int64List;

/**
 * {@link SampleRecord} ↔ serialized tf.train.Example with the DeepLab feature keys (so TensorFlow
 * input pipelines read our shards) plus {@code hrnet/sample_id} and {@code hrnet/copy_index}.
 * Features are written in sorted key order, so equal records serialize to equal bytes.
 */
public final class ExampleCodec {
  public static final String IMAGE_ENCODED = "image/encoded";
  public static final String IMAGE_FORMAT = "image/format";
  public static final String IMAGE_HEIGHT = "image/height";
  public static final String IMAGE_WIDTH = "image/width";
  public static final String IMAGE_CHANNELS = "image/channels";
  public static final String IMAGE_FILENAME = "image/filename";
  public static final String LABEL_ENCODED = "image/segmentation/class/encoded";
  public static final String LABEL_FORMAT = "image/segmentation/class/format";
  public static final String SAMPLE_ID = "hrnet/sample_id";
  public static final String COPY_INDEX = "hrnet/copy_index";

  private ExampleCodec() {}

  public static byte[] encode(SampleRecord r) {
    Features features = Features.newBuilder()
        .putFeature(IMAGE_ENCODED, bytes(r.imagePng()))
        .putFeature(IMAGE_FORMAT, text("png"))
        .putFeature(IMAGE_HEIGHT, int64(r.height()))
        .putFeature(IMAGE_WIDTH, int64(r.width()))
        .putFeature(IMAGE_CHANNELS, int64(3))
        .putFeature(IMAGE_FILENAME, text(r.filename()))
        .putFeature(LABEL_ENCODED, bytes(r.labelPng()))
        .putFeature(LABEL_FORMAT, text("png"))
        .putFeature(SAMPLE_ID, text(r.sampleId()))
        .putFeature(COPY_INDEX, int64(r.copy()))
        .build();
    // Protobuf map fields serialize in insertion order unless told otherwise; ask for sorted keys.
    return serializeDeterministic(Example.newBuilder().setFeatures(features).build());
  }

  public static SampleRecord decode(byte[] serialized) throws InvalidProtocolBufferException {
    Map<String, Feature> f = Example.parseFrom(serialized).getFeatures().getFeatureMap();
    return new SampleRecord(
        textOf(f, SAMPLE_ID), (int) longOf(f, COPY_INDEX), textOf(f, IMAGE_FILENAME),
        (int) longOf(f, IMAGE_WIDTH), (int) longOf(f, IMAGE_HEIGHT),
        bytesOf(f, IMAGE_ENCODED), bytesOf(f, LABEL_ENCODED));
  }

  private static byte[] serializeDeterministic(Example example) {
    try {
      byte[] out = new byte[example.getSerializedSize()];
      com.google.protobuf.CodedOutputStream stream = com.google.protobuf.CodedOutputStream.newInstance(out);
      stream.useDeterministicSerialization();
      example.writeTo(stream);
      stream.checkNoSpaceLeft();
      return out;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("serializing to a byte array cannot fail", e);
    }
  }

  /**
   * Wraps the bytes without copying them: the Example lives only until {@link #encode} has
   * serialized it, so nothing can change them in between, and a crop's PNG is then copied once
   * (into the serialized record) instead of twice.
   */
  private static Feature bytes(byte[] b) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(UnsafeByteOperations.unsafeWrap(b)))
        .build();
  }

  private static Feature text(String s) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(ByteString.copyFromUtf8(s))).build();
  }

  private static Feature int64(long v) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(v)).build();
  }

  private static Feature require(Map<String, Feature> f, String key) throws InvalidProtocolBufferException {
    Feature feature = f.get(key);
    if (feature == null) {
      throw new InvalidProtocolBufferException("tf.train.Example lacks feature '" + key + "'");
    }
    return feature;
  }

  private static byte[] bytesOf(Map<String, Feature> f, String key) throws InvalidProtocolBufferException {
    Feature feature = require(f, key);
    if (feature.getBytesList().getValueCount() != 1) {
      throw new InvalidProtocolBufferException("feature '" + key + "' must hold one bytes value");
    }
    return feature.getBytesList().getValue(0).toByteArray();
  }

  private static String textOf(Map<String, Feature> f, String key) throws InvalidProtocolBufferException {
    return new String(bytesOf(f, key), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long longOf(Map<String, Feature> f, String key) throws InvalidProtocolBufferException {
    Feature feature = require(f, key);
    if (feature.getInt64List().getValueCount() != 1) {
      throw new InvalidProtocolBufferException("feature '" + key + "' must hold one int64 value");
    }
    return feature.getInt64List().getValue(0);
  }
}
