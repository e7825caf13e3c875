package org.hrnetbeam.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@link EpochBatches} on a background daemon thread, keeping up to
 * {@code capacity} finished batches in a queue, so reading, decoding and normalising overlap the
 * model's step. Each batch handed out carries how long the caller waited for it
 * ({@link Batch#waitNanos()}): near 0 when input keeps up, the step's data time otherwise.
 *
 * <p>A failure in the background (a corrupt shard, an undecodable PNG) surfaces from
 * {@link #next()} with its message, after the batches before it. {@link #close()} stops the
 * thread and closes the shard; call it when abandoning an epoch early.
 */
public final class Prefetcher implements Iterator<Batch>, Closeable {
  private static final Object END = new Object();

  private record Failure(Throwable error) {}

  private final BlockingQueue<Object> queue;
  private final EpochBatches source;
  private final Thread thread;
  private Object head;
  private long headWait;
  private volatile boolean closed;

  Prefetcher(EpochBatches source, int capacity, String threadName) {
    this.source = source;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::produce, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private void produce() {
    try {
      for (Batch b = source.next(); b != null && !closed; b = source.next()) {
        queue.put(b);
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      try {
        queue.put(new Failure(t));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } finally {
      try {
        source.close();
      } catch (IOException ignored) {
        // The epoch is over either way; a failing close of a read-only stream loses nothing.
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (head == null) {
      if (closed) {
        return false;
      }
      long start = System.nanoTime();
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a batch", e);
      }
      headWait = System.nanoTime() - start;
    }
    if (head instanceof Failure f) {
      Throwable e = f.error();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("reading training data failed: " + io.getMessage(), io);
      }
      throw new IllegalStateException("reading training data failed: " + e.getMessage(), e);
    }
    return head != END;
  }

  /** The next batch, with the time this call and {@link #hasNext()} waited for it. */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the epoch has no more batches");
    }
    Batch b = ((Batch) head).withWait(headWait);
    head = null;
    headWait = 0;
    return b;
  }

  /** Records read from the shards so far (kept or skipped): how far ahead the reader is. */
  long recordsRead() {
    return source.recordsRead();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    queue.clear();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
