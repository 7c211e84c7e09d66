package org.nclab.bench;

import com.google.common.base.Ticker;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.common.math.Quantiles;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.metrics.MeterRegistries;
import org.nclab.runtime.metrics.MetricsSettings;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.run.MetricsListener;
import org.nclab.runtime.run.MetricsLog;
import org.nclab.runtime.run.TensorBoardListener;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainingListener;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * What watching a run costs: training throughput with only the file registry (metrics.jsonl)
 * against every registry on (Prometheus endpoint scraped once a second, JMX, logging every second,
 * TensorBoard event files) on one graph and session, in alternating rounds (A B, then B A, so a
 * drift of the machine hits both alike). Reports per-round images/s, the medians and their ratio.
 * The logging interval and the scrape rate are far busier than defaults: a worst case.
 */
public final class MetricsOverheadBenchmark {
  private final Experiment experiment;
  private final int steps;
  private final int rounds;
  private final int warmup;

  public MetricsOverheadBenchmark(Experiment experiment, int steps, int rounds, int warmup) {
    this.experiment = experiment;
    this.steps = steps;
    this.rounds = rounds;
    this.warmup = warmup;
  }

  /** Images/s per round with only metrics.jsonl and with everything on. */
  public record Report(double[] fileOnly, double[] everything, String title) {
    public double fileOnlyMedian() {
      return Quantiles.median().compute(fileOnly);
    }

    public double everythingMedian() {
      return Quantiles.median().compute(everything);
    }

    /** Throughput with all registries over throughput with the file registry alone. */
    public double ratio() {
      return everythingMedian() / fileOnlyMedian();
    }

    /**
     * The median of each round's ratio: the two runs of a round are adjacent in time, so a machine
     * that other work slows down for a while shifts both alike.
     */
    public double medianRoundRatio() {
      double[] ratios = new double[fileOnly.length];
      for (int r = 0; r < ratios.length; r++) {
        ratios[r] = everything[r] / fileOnly[r];
      }
      return Quantiles.median().compute(ratios);
    }

    public String table() {
      return String.format(
          "%s%n  %-44s %10s   rounds%n  %-44s %10.0f   %s%n  %-44s %10.0f   %s%n  ratio all"
              + " registries / file only: %.3f (medians), %.3f (median of the rounds' ratios)%n",
          title,
          "metrics",
          "median img/s",
          "file only (metrics.jsonl)",
          fileOnlyMedian(),
          fmt(fileOnly),
          "all: + Prometheus, JMX, logging, TensorBoard",
          everythingMedian(),
          fmt(everything),
          ratio(),
          medianRoundRatio());
    }

    private static String fmt(double[] values) {
      return TrainerBenchmark.Report.fmt(values);
    }
  }

  public Report run(PrintStream progress) {
    TrainerBenchmark.checkCounts(experiment, steps, rounds, warmup);
    int batch = experiment.settings().batchSize();
    Split train = experiment.dataset().split(Trainer.TRAIN_SPLIT);
    double[] fileOnly = new double[rounds];
    double[] everything = new double[rounds];
    Path scratch = scratchFolder();
    ScheduledExecutorService scraper =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("nclab-bench-scraper")
                .setDaemon(true)
                .build());
    String name = experiment.config().name();
    try (Graph graph = new Graph();
        MeterRegistries none = new MeterRegistries(MetricsSettings.fileOnly());
        MeterRegistries all =
            new MeterRegistries(MetricsSettings.everything(Duration.ofSeconds(1)));
        MetricsLog fileLog =
            new MetricsLog(
                folder(scratch, "file-only").resolve("metrics.jsonl"), none.registry(), name);
        MetricsLog allLog =
            new MetricsLog(folder(scratch, "all").resolve("metrics.jsonl"), all.registry(), name);
        TensorBoardListener tensorBoard =
            new TensorBoardListener(scratch.resolve("all"), Clock.systemUTC())) {
      TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
      try (Session session = Sessions.open(graph, SessionSettings.of(experiment.config()))) {
        session.run(model.initializer());
        Trainer plain = trainer(model, session, List.of(new MetricsListener(fileLog)));
        Trainer watched =
            trainer(model, session, List.of(new MetricsListener(allLog), tensorBoard));
        scrapeEverySecond(scraper, all);
        plain.benchmarkEpoch(TrainerBenchmark.order(experiment, train, warmup, batch, 0));
        watched.benchmarkEpoch(TrainerBenchmark.order(experiment, train, warmup, batch, 0));
        for (int r = 0; r < rounds; r++) {
          int[] order = TrainerBenchmark.order(experiment, train, steps, batch, r + 1);
          if (r % 2 == 0) {
            fileOnly[r] = TrainerBenchmark.rate(order, () -> plain.benchmarkEpoch(order));
            everything[r] = TrainerBenchmark.rate(order, () -> watched.benchmarkEpoch(order));
          } else {
            everything[r] = TrainerBenchmark.rate(order, () -> watched.benchmarkEpoch(order));
            fileOnly[r] = TrainerBenchmark.rate(order, () -> plain.benchmarkEpoch(order));
          }
          progress.printf(
              "round %d/%d: file only %.0f img/s, all registries %.0f img/s%n",
              r + 1, rounds, fileOnly[r], everything[r]);
        }
      }
    } finally {
      scraper.shutdownNow();
      deleteQuietly(scratch);
    }
    String title =
        String.format(
            "bench %s --metrics: model %s, batch %d, log every %d steps, %d steps x %d rounds"
                + " (after %d warm-up steps)",
            name,
            experiment.config().model().id(),
            batch,
            experiment.settings().logEverySteps(),
            steps,
            rounds,
            warmup);
    return new Report(fileOnly, everything, title);
  }

  private Trainer trainer(TrainingGraph model, Session session, List<TrainingListener> listeners) {
    return new Trainer(
        model,
        session,
        experiment.dataset(),
        experiment.settings(),
        experiment.config().seed(),
        listeners,
        Ticker.systemTicker());
  }

  /** A Prometheus server's work, once a second, on loopback; failures would only skew the bench. */
  private static void scrapeEverySecond(
      ScheduledExecutorService scraper, MeterRegistries registries) {
    String url = registries.prometheus().orElseThrow().url();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
    scraper.scheduleAtFixedRate(
        () -> {
          try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
          } catch (IOException e) {
            // the next scrape tries again
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
  }

  private static Path scratchFolder() {
    try {
      return Files.createTempDirectory("nclab-bench-metrics");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the bench's metrics", e);
    }
  }

  private static Path folder(Path scratch, String name) {
    try {
      return Files.createDirectories(scratch.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path folder) {
    try {
      MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
