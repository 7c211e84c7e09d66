package org.nclab.runtime.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.IntConsumer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the towers of a synchronised-batch-norm step in lockstep. Tower {@code i}'s batch norm
 * needs every tower's sums at that layer, but a model is opaque build code; so each tower is built
 * on its own thread and the threads take turns, strictly 0, 1, ..., N-1, 0, ...: a tower builds
 * until it needs the towers' sums, leaves its own and hands the turn on, and when the turn comes
 * back every tower has left its sums of that round. One thread builds at a time, in the same order
 * every time, so the graph (op names, variable creation order) is deterministic.
 */
final class TowerRendezvous {
  private final int towers;
  private final int[] nextRound;
  private final boolean[] finished;
  private final List<List<Operand<TFloat32>>> rounds = new ArrayList<>();
  private int turn;
  private Throwable failure;

  TowerRendezvous(int towers) {
    this.towers = towers;
    this.nextRound = new int[towers];
    this.finished = new boolean[towers];
  }

  /** Runs {@code build} for every tower on its own thread, in turns; rethrows the first failure. */
  void buildAll(IntConsumer build) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < towers; i++) {
      int tower = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  awaitTurn(tower);
                  build.accept(tower);
                  finish(tower);
                } catch (Throwable e) {
                  fail(e);
                }
              },
              "nclab-tower-" + tower);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building the towers", e);
      }
    }
    synchronized (this) {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
    }
  }

  /** The sum over the towers of what each passes here in the same round, built by {@code tf}. */
  Operand<TFloat32> sum(int tower, Ops tf, Operand<TFloat32> local) {
    List<Operand<TFloat32>> round;
    synchronized (this) {
      int r = nextRound[tower]++;
      if (rounds.size() <= r) {
        rounds.add(new ArrayList<>());
      }
      round = rounds.get(r);
      round.add(local);
      passTurn(tower);
    }
    awaitTurn(tower);
    synchronized (this) {
      if (round.size() != towers) {
        throw new IllegalStateException(
            "towers disagree: "
                + round.size()
                + " of "
                + towers
                + " reached a synchronised batch norm");
      }
      return tf.math.addN(List.copyOf(round));
    }
  }

  private synchronized void awaitTurn(int tower) {
    while (turn != tower && failure == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      }
    }
    if (failure != null) {
      throw new CancellationException("another tower failed");
    }
  }

  private synchronized void finish(int tower) {
    finished[tower] = true;
    passTurn(tower);
  }

  private synchronized void fail(Throwable e) {
    if (failure == null
        || failure instanceof CancellationException && !(e instanceof CancellationException)) {
      failure = e; // the cause, not a tower that stopped waiting because of it
    }
    notifyAll();
  }

  /** The next tower after {@code tower} that has not finished takes the turn. */
  private void passTurn(int tower) {
    for (int step = 1; step <= towers; step++) {
      int next = (tower + step) % towers;
      if (!finished[next]) {
        turn = next;
        break;
      }
    }
    notifyAll();
  }
}
