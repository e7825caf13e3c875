package org.hrnetbeam.shard;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * A serialized tf.train.Example with the key that orders it inside its shard.
 *
 * @param sortKey sample id, then zero-padded copy index
 * @param example the serialized record
 */
public record KeyedExample(String sortKey, byte[] example) {

  /**
   * Length-prefixed coder: reads each array in one piece. (Beam's ByteArrayCoder in the outer
   * context reads until the end of the stream through a growing buffer, which showed up as the
   * top CPU cost of the grouping step with 100 kB to 2 MB records.)
   */
  public static final class Coder extends AtomicCoder<KeyedExample> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(KeyedExample value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeUTF(value.sortKey());
      data.writeInt(value.example().length);
      data.write(value.example());
      data.flush();
    }

    @Override
    public KeyedExample decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      String key = data.readUTF();
      byte[] example = new byte[data.readInt()];
      data.readFully(example);
      return new KeyedExample(key, example);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
