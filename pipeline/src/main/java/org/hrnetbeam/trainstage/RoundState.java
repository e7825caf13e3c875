package org.hrnetbeam.trainstage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * A replica's state after a round and what the round cost: what a worker emits, what the average
 * of the workers is, and (as the average of the previous round) what every worker starts the next
 * round from.
 *
 * @param worker the worker that trained it, or {@link #AVERAGE} for the workers' average
 * @param params the flat parameter vector (BN running statistics included), float32
 * @param momentum the SGD momentum buffer in the same layout
 * @param losses the loss of each iteration of the round
 * @param iterationNanos each iteration's wall time, data wait included
 * @param dataNanos each iteration's wait for its batch
 */
record RoundState(int worker, float[] params, float[] momentum, double[] losses, long[] iterationNanos,
    long[] dataNanos) {
  /** The worker id of an average over workers. */
  static final int AVERAGE = -1;

  /** A state with no round behind it (an epoch's start). */
  static RoundState start(float[] params, float[] momentum) {
    return new RoundState(AVERAGE, params, momentum, new double[0], new long[0], new long[0]);
  }

  /** The same round without the vectors: what the driver needs of a round that is not the last. */
  RoundState withoutVectors() {
    return new RoundState(worker, new float[0], new float[0], losses, iterationNanos, dataNanos);
  }

  /** Raw little-endian arrays with length prefixes; a multi-megabyte vector is one bulk copy. */
  static final class Coder extends CustomCoder<RoundState> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(RoundState s, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeInt(s.worker());
      writeFloats(out, s.params());
      writeFloats(out, s.momentum());
      ByteBuffer b = ByteBuffer.allocate(4 + 24 * s.losses().length).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(s.losses().length);
      b.asDoubleBuffer().put(s.losses());
      b.position(4 + 8 * s.losses().length);
      b.asLongBuffer().put(s.iterationNanos());
      b.position(4 + 16 * s.losses().length);
      b.asLongBuffer().put(s.dataNanos());
      out.write(b.array());
      out.flush();
    }

    @Override
    public RoundState decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      int worker = in.readInt();
      float[] params = readFloats(in);
      float[] momentum = readFloats(in);
      byte[] count = new byte[4];
      in.readFully(count);
      int n = ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).getInt();
      byte[] bytes = new byte[24 * n];
      in.readFully(bytes);
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      double[] losses = new double[n];
      long[] iteration = new long[n];
      long[] data = new long[n];
      b.asDoubleBuffer().get(losses);
      b.position(8 * n);
      b.asLongBuffer().get(iteration);
      b.position(16 * n);
      b.asLongBuffer().get(data);
      return new RoundState(worker, params, momentum, losses, iteration, data);
    }

    @Override
    public void verifyDeterministic() {
      // Same state, same bytes: the encoding is a fixed layout of the arrays.
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(4 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(values.length);
      b.asFloatBuffer().put(values);
      out.write(b.array());
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
      byte[] count = new byte[4];
      in.readFully(count);
      int n = ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (n < 0) {
        throw new IOException("corrupt round state: vector length " + n);
      }
      byte[] bytes = new byte[4 * n];
      in.readFully(bytes);
      float[] values = new float[n];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }
  }
}
