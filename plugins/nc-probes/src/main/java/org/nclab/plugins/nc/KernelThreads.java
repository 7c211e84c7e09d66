package org.nclab.plugins.nc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that one measurement's {@link SecondMomentKernel} splits its work over: the calling
 * thread plus {@code count - 1} helpers. Owned by whoever measures and closed with it, so a probe
 * never leaves threads behind and two probes never share (or fight over) a pool.
 *
 * <p>The runtime hands batches to a probe on its own thread and waits, so while the kernel runs
 * TensorFlow is idle and both cores of a small machine are free for it.
 */
final class KernelThreads implements AutoCloseable {
  private final int count;
  private final ExecutorService helpers;

  private KernelThreads(int count) {
    this.count = count;
    if (count == 1) {
      this.helpers = null;
    } else {
      AtomicInteger next = new AtomicInteger();
      this.helpers =
          Executors.newFixedThreadPool(
              count - 1,
              task -> {
                Thread thread = new Thread(task, "nc-probes-kernel-" + next.incrementAndGet());
                thread.setDaemon(true); // never keeps a JVM alive if a caller forgets close()
                return thread;
              });
    }
  }

  /** Everything on the calling thread. */
  static KernelThreads single() {
    return new KernelThreads(1);
  }

  /** {@code requested} threads in all, or one per available processor when it is 0. */
  static KernelThreads of(int requested) {
    if (requested < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = all processors): " + requested);
    }
    return new KernelThreads(
        requested == 0 ? Runtime.getRuntime().availableProcessors() : requested);
  }

  int count() {
    return count;
  }

  /** Runs every task, the first on the calling thread, and returns when all are done. */
  void runAll(List<Runnable> tasks) {
    if (helpers == null || tasks.size() == 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    List<Future<?>> running = new ArrayList<>(tasks.size() - 1);
    for (Runnable task : tasks.subList(1, tasks.size())) {
      running.add(helpers.submit(task));
    }
    tasks.get(0).run();
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the NC kernel ran", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("NC kernel task failed", e.getCause());
      }
    }
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }
}
