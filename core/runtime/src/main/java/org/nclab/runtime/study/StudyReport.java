package org.nclab.runtime.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.html.HtmlEscapers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nclab.runtime.io.AtomicFiles;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.text.Numbers;
import org.nclab.runtime.transfer.TransferResult;

/**
 * Writes a study's summary: {@code results.csv} and {@code results.json} (one row per run and
 * transfer, the correlations), {@code plots/*.png|svg}, and {@code report.html}, a single file with
 * the tables, the plots inlined as SVG data and every run's resolved config, that a browser opens
 * from disk without any network.
 */
public final class StudyReport {
  public static final String CSV = "results.csv";
  public static final String JSON = "results.json";
  public static final String MEANS_CSV = "results-by-variant.csv";
  public static final String VERDICTS_CSV = "verdicts.csv";
  public static final String HTML = "report.html";

  private final StudySpec spec;
  private final StudyResults results;

  public StudyReport(StudySpec spec, StudyResults results) {
    this.spec = spec;
    this.results = results;
  }

  /** Writes every output; returns the HTML report's path. */
  public Path write() {
    Path folder = spec.folder();
    AtomicFiles.writeString(folder.resolve(CSV), csv());
    AtomicFiles.writeString(
        folder.resolve(MEANS_CSV),
        csv(VariantMeans.COLUMNS, results.means().stream().map(VariantMeans::cells).toList()));
    AtomicFiles.writeString(
        folder.resolve(VERDICTS_CSV),
        csv(StudyVerdicts.COLUMNS, results.verdicts().stream().map(StudyVerdicts::cells).toList()));
    try {
      ObjectMapper json =
          new ObjectMapper()
              .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
              .enable(SerializationFeature.INDENT_OUTPUT);
      AtomicFiles.write(folder.resolve(JSON), json.writeValueAsBytes(results));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<StudyPlots.Plot> plots = new StudyPlots(spec.analysis().fitLine()).all(results);
    for (StudyPlots.Plot plot : plots) {
      AtomicFiles.write(folder.resolve("plots").resolve(plot.name() + ".png"), plot.png());
      AtomicFiles.write(folder.resolve("plots").resolve(plot.name() + ".svg"), plot.svg());
    }
    Path html = folder.resolve(HTML);
    AtomicFiles.writeString(html, html(plots));
    return html;
  }

  // ---- CSV

  private List<String> layerColumns() {
    Set<String> columns = new LinkedHashSet<>();
    for (RunSummary run : results.runs()) {
      run.sourceNc1()
          .getOrDefault("train", Map.of())
          .keySet()
          .forEach(tap -> columns.add("source_nc1_train:" + tap));
    }
    for (RunSummary run : results.runs()) {
      run.downstreamNc1()
          .values()
          .forEach(taps -> taps.keySet().forEach(tap -> columns.add("downstream_nc1:" + tap)));
    }
    return List.copyOf(columns);
  }

  /** RFC 4180 quoting (a cell with a comma, quote or line break is quoted), lines ending in LF. */
  public static final CSVFormat CSV_FORMAT =
      CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

  static final List<String> COLUMNS = ResultRow.COLUMNS;

  String csv() {
    List<String> layers = layerColumns();
    List<String> header = new ArrayList<>(COLUMNS);
    header.addAll(layers);
    Map<String, RunSummary> runs = new LinkedHashMap<>();
    results.runs().forEach(r -> runs.put(r.variant(), r));
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSV_FORMAT)) {
      printer.printRecord(header);
      for (ResultRow r : results.rows()) {
        List<Object> cells = new ArrayList<>(r.cells().stream().map(StudyReport::nz).toList());
        RunSummary run = runs.get(r.variant());
        for (String column : layers) {
          String tap = column.substring(column.indexOf(':') + 1);
          Double value =
              column.startsWith("source")
                  ? run.sourceNc1().getOrDefault("train", Map.of()).get(tap)
                  : r.downstream() == null
                      ? null
                      : run.downstreamNc1().getOrDefault(r.downstream(), Map.of()).get(tap);
          cells.add(nz(value));
        }
        printer.printRecord(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return out.toString();
  }

  /** A CSV of these rows, empty cells for nulls. */
  static String csv(List<String> header, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSV_FORMAT)) {
      printer.printRecord(header);
      for (List<Object> row : rows) {
        printer.printRecord(row.stream().map(StudyReport::nz).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return out.toString();
  }

  private static Object nz(Object value) {
    return value == null ? "" : value;
  }

  // ---- HTML

  private static String esc(Object text) {
    return HtmlEscapers.htmlEscaper().escape(String.valueOf(text));
  }

  /** As the console's transfer table prints it. */
  private static String share(Double value) {
    return value == null ? "" : Numbers.percent(value);
  }

  private static String num(Double value) {
    return value == null ? "" : String.format("%.4g", value);
  }

  private String html(List<StudyPlots.Plot> plots) {
    StringBuilder h = new StringBuilder();
    h.append(
            "<!DOCTYPE html>\n"
                + "<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<title>nclab study ")
        .append(esc(spec.name()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}")
        .append("th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}")
        .append("th{background:#f0f0f0}td.l{text-align:left}")
        .append(".bad{background:#fde2e2}.skip{background:#fff6d6}")
        .append("figure{display:inline-block;margin:0.5em;vertical-align:top}")
        .append("figure img{width:760px;border:1px solid #ddd}")
        .append("figcaption{max-width:760px;font-size:13px}#warnings li{color:#8a4b00}")
        .append("pre{background:#f7f7f7;padding:0.6em;font-size:12px;overflow:auto}")
        .append("\n</style></head><body>\n");
    h.append("<h1>Study <code>")
        .append(esc(spec.name()))
        .append("</code></h1>\n<p>From <code>")
        .append(esc(spec.file()))
        .append("</code>: ")
        .append(spec.variants().size())
        .append(" variants, ")
        .append(spec.downstreams().size())
        .append(" downstream datasets, ")
        .append(spec.transfers().size())
        .append(" transfer methods. Files: <code>")
        .append(CSV)
        .append("</code>, <code>")
        .append(MEANS_CSV)
        .append("</code>, <code>")
        .append(VERDICTS_CSV)
        .append("</code>, <code>")
        .append(JSON)
        .append("</code>, <code>plots/</code>.</p>\n");
    problems(h);
    warnings(h);
    correlations(h);
    verdicts(h);
    h.append("<h2>Plots</h2>\n<div id=\"plots\">\n");
    for (StudyPlots.Plot plot : plots) {
      h.append("<figure id=\"plot-")
          .append(esc(plot.name()))
          .append("\">")
          .append("<img alt=\"")
          .append(esc(plot.title()))
          .append("\" src=\"data:image/svg+xml;base64,")
          .append(Base64.getEncoder().encodeToString(plot.svg()))
          .append("\"><figcaption>")
          .append(esc(plot.title()))
          .append(" (<code>plots/")
          .append(esc(plot.name()))
          .append(".png|svg</code>)")
          .append("</figcaption></figure>\n");
    }
    h.append("</div>\n");
    means(h);
    resultsTable(h);
    configs(h);
    // Lets a headless browser report whether every inlined plot decoded (scripts/check-report.sh).
    h.append("<script>window.addEventListener('load', () => { const images = [...document.images];")
        .append(
            " document.body.setAttribute('data-images-loaded', images.filter(i => i.complete &&"
                + " i.naturalWidth > 0)")
        .append(".length + '/' + images.length);")
        // report.html#plot-NAME shows that plot once the images have their size (check-report.sh
        // PLOT)
        .append(" const target = location.hash && document.getElementById(location.hash.slice(1));")
        .append(" if (target) target.scrollIntoView(); });</script>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private void problems(StringBuilder h) {
    if (results.problems().isEmpty()) {
      h.append("<p id=\"problems\">Every step finished.</p>\n");
      return;
    }
    h.append(
            "<h2 id=\"problems\">Failed and skipped steps</h2>\n"
                + "<table><tr><th>variant</th><th>step</th>")
        .append("<th>status</th><th>why</th></tr>\n");
    for (StepRecord r : results.problems()) {
      h.append("<tr class=\"")
          .append(r.failed() ? "bad" : "skip")
          .append("\"><td class=\"l\">")
          .append(esc(r.variant()))
          .append("</td><td class=\"l\">")
          .append(esc(r.step()))
          .append("</td><td class=\"l\">")
          .append(esc(r.status()))
          .append("</td><td class=\"l\">")
          .append(esc(r.message()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Fewer variants than this, and a correlation's interval says little; the report says so. */
  static final int MIN_VARIANTS = 5;

  /** A pre-training run below this multiple of chance accuracy (1/K) barely learned. */
  static final double NEAR_CHANCE = 1.5;

  /**
   * What makes the study's figures weak, in words: a pre-training run that ended near chance
   * accuracy, and correlations over too few variants for their intervals to mean anything.
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    StudyPaths paths = new StudyPaths(spec.folder());
    for (RunSummary run : results.runs()) {
      Path info = paths.run(run.variant()).resolve(RunFolder.RUN_INFO);
      if (run.sourceTestAccuracy() == null || !Files.isRegularFile(info)) {
        continue;
      }
      int classes = new RunInfoFile(info).read().data().classNames().size();
      if (classes > 1 && run.sourceTestAccuracy() < NEAR_CHANCE / classes) {
        out.add(
            String.format(
                "pre-training of %s ended at test accuracy %.4f, near chance (1/%d = %.4f): its NC"
                    + " figures describe a model that barely learned; train longer (train.epochs)"
                    + " or check the learning rate",
                run.variant(), run.sourceTestAccuracy(), classes, 1.0 / classes));
      }
    }
    for (StudyResults.CorrelationResult c : results.correlations()) {
      long variants = c.variants().stream().distinct().count();
      if (!c.xs().isEmpty() && variants < MIN_VARIANTS) {
        out.add(
            String.format(
                "%s: n = %d variant%s; an interval from fewer than %d says little either way;"
                    + " add variants to the study",
                c.question(), variants, variants == 1 ? "" : "s", MIN_VARIANTS));
      }
    }
    return out;
  }

  private void warnings(StringBuilder h) {
    List<String> warnings = warnings();
    if (warnings.isEmpty()) {
      return;
    }
    h.append("<h2>Warnings</h2>\n<ul id=\"warnings\">\n");
    for (String warning : warnings) {
      h.append("<li>").append(esc(warning)).append("</li>\n");
    }
    h.append("</ul>\n");
  }

  private void correlations(StringBuilder h) {
    h.append("<h2>Correlations</h2>\n");
    if (results.correlations().isEmpty()) {
      h.append("<p id=\"correlations\">No transfer results, so nothing to correlate yet.</p>\n");
      return;
    }
    h.append("<p>On the variants' means over their seeds (n counts variants). Bootstrap 95%")
        .append(" intervals: ")
        .append(spec.analysis().bootstrapResamples())
        .append(" resamples of the variants and, within each, its seeds; seed ")
        .append(spec.analysis().seed())
        .append(". A negative coefficient for NC1 means: more collapse, higher accuracy.</p>\n")
        .append(
            "<table id=\"correlations\"><tr><th>question</th><th>n</th><th>Spearman</th><th>95%"
                + " interval</th>")
        .append("<th>Pearson</th><th>95% interval</th><th>note</th></tr>\n");
    for (StudyResults.CorrelationResult c : results.correlations()) {
      h.append("<tr><td class=\"l\">")
          .append(esc(c.question()))
          .append("</td><td>")
          .append(c.spearman().n())
          .append("</td>")
          .append(cells(c.spearman()))
          .append(cells(c.pearson()))
          .append("<td class=\"l\">")
          .append(esc(c.spearman().note() == null ? "" : c.spearman().note()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private void verdicts(StringBuilder h) {
    if (results.verdicts().isEmpty()) {
      return;
    }
    int resamples = spec.analysis().bootstrapResamples();
    List<StudyVerdicts> verdicts = results.verdicts();
    h.append("<h2>Verdicts</h2>\n<p>On the variants' means over their runs; the interval resamples")
        .append(" variants and, within each, its runs (")
        .append(resamples)
        .append(" times); p is a two-sided permutation test; the leave-one-out range drops each")
        .append(" variant in turn; the partial coefficient controls for source test accuracy. The")
        .append(" verdict follows the rules of docs/studies.md.</p>\n")
        .append("<table id=\"verdicts\"><tr><th>question</th><th>claim</th><th>n</th>")
        .append("<th>Spearman</th><th>95% interval</th><th>p</th><th>Kendall &tau;</th><th>p</th>")
        .append("<th>leave-one-out</th><th>partial</th><th>verdict</th><th>why</th></tr>\n");
    for (StudyVerdicts v : verdicts) {
      RobustCorrelations.Result r = v.spearman();
      RobustCorrelations.Result k = v.kendall();
      h.append("<tr><td class=\"l\">")
          .append(esc(v.correlation().question()))
          .append("</td><td>")
          .append(v.claimSign() > 0 ? "positive" : "negative")
          .append("</td><td>")
          .append(r.variants())
          .append("</td><td>")
          .append(number(r.coefficient()))
          .append("</td><td>")
          .append(
              Double.isNaN(r.low()) ? "" : "[" + number(r.low()) + ", " + number(r.high()) + "]")
          .append("</td><td>")
          .append(number(r.pValue()))
          .append("</td><td>")
          .append(number(k.coefficient()))
          .append("</td><td>")
          .append(number(k.pValue()))
          .append("</td><td>")
          .append(
              Double.isNaN(r.leaveOneOutLow())
                  ? ""
                  : "[" + number(r.leaveOneOutLow()) + ", " + number(r.leaveOneOutHigh()) + "]")
          .append("</td><td>")
          .append(number(r.partial()))
          .append("</td><td class=\"verdict\">")
          .append(v.verdict().kind().label())
          .append("</td><td class=\"l\">")
          .append(esc(v.verdict().reason()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format("%.3f", value);
  }

  private static String cells(Correlation c) {
    String value = c.defined() ? String.format("%.3f", c.coefficient()) : "undefined";
    String interval = Double.isNaN(c.low()) ? "" : String.format("[%.3f, %.3f]", c.low(), c.high());
    return "<td>" + value + "</td><td>" + interval + "</td>";
  }

  /** Each variant's means over its seeds with 95% intervals, when some variant has several. */
  private void means(StringBuilder h) {
    if (results.means().stream().noneMatch(m -> m.runs() > 1)) {
      return;
    }
    h.append("<h2>Variant means over seeds</h2>\n<p>Mean and 95% Student-t interval over each")
        .append(" variant's runs with status ok (<code>")
        .append(MEANS_CSV)
        .append("</code>).</p>\n<table id=\"means\"><tr><th>variant</th><th>downstream</th>")
        .append("<th>transfer</th><th>runs</th><th>source test acc</th><th>source NC1 train</th>")
        .append("<th>downstream NC1</th><th>test acc</th></tr>\n");
    for (VariantMeans m : results.means()) {
      h.append("<tr><td class=\"l\">")
          .append(esc(m.group()))
          .append("</td><td class=\"l\">")
          .append(esc(m.downstream() == null ? "" : m.downstream()))
          .append("</td><td class=\"l\">")
          .append(esc(m.method()))
          .append("</td><td>")
          .append(m.runs())
          .append("</td><td>")
          .append(estimate(m.sourceTestAccuracy()))
          .append("</td><td>")
          .append(estimate(m.sourceNc1Train()))
          .append("</td><td>")
          .append(estimate(m.downstreamNc1()))
          .append("</td><td>")
          .append(estimate(m.testAccuracy()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** {@code 0.9312 [0.9250, 0.9374]}, the mean alone for one run. */
  private static String estimate(VariantMeans.Estimate e) {
    if (e.mean() == null) {
      return "";
    }
    return e.low() == null
        ? num(e.mean())
        : num(e.mean()) + " [" + num(e.low()) + ", " + num(e.high()) + "]";
  }

  private void resultsTable(StringBuilder h) {
    h.append(
            "<h2>Results</h2>\n"
                + "<table id=\"results\"><tr><th>run</th><th>seed</th><th>settings</th>"
                + "<th>epochs</th>")
        .append(
            "<th>source test acc</th><th>source NC1 train</th><th>source NC1"
                + " test</th><th>downstream</th>")
        .append("<th>downstream NC1</th><th>transfer</th><th>trained params</th><th>share</th>")
        .append(
            "<th>train acc</th><th>test acc</th><th>transfer NC1 train</th><th>status</th></tr>\n");
    for (ResultRow r : results.rows()) {
      boolean ok = r.status().startsWith("ok");
      ResultRow.Source s = r.source();
      TransferResult t = r.transfer();
      h.append("<tr")
          .append(ok ? "" : r.status().startsWith("skipped") ? " class=\"skip\"" : " class=\"bad\"")
          .append("><td class=\"l\">")
          .append(esc(r.variant()))
          .append("</td><td>")
          .append(r.seed() == null ? "" : r.seed())
          .append("</td><td class=\"l\">")
          .append(esc(s.settings()))
          .append("</td><td>")
          .append(s.epochs())
          .append("</td><td>")
          .append(num(s.testAccuracy()))
          .append("</td><td>")
          .append(num(s.nc1Train()))
          .append("</td><td>")
          .append(num(s.nc1Test()))
          .append("</td><td class=\"l\">")
          .append(esc(r.downstream() == null ? "" : r.downstream()))
          .append("</td><td>")
          .append(num(r.downstreamNc1()))
          .append("</td><td class=\"l\">")
          .append(esc(r.methodLabel()))
          .append("</td><td>")
          .append(t == null ? "" : String.valueOf(t.trainableParameters()))
          .append("</td><td>")
          .append(share(t == null ? null : t.trainableShare()))
          .append("</td><td>")
          .append(num(t == null ? null : t.trainAccuracy()))
          .append("</td><td>")
          .append(num(t == null ? null : t.testAccuracy()))
          .append("</td><td>")
          .append(num(t == null ? null : t.nc1Train()))
          .append("</td><td class=\"l\">")
          .append(esc(r.status()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private void configs(StringBuilder h) {
    h.append("<h2>Resolved configs</h2>\n");
    StudyPaths paths = new StudyPaths(spec.folder());
    for (StudySpec.Variant variant : spec.variants()) {
      Path config = paths.run(variant.name()).resolve(RunFolder.CONFIG);
      h.append("<details><summary>")
          .append(esc(variant.name()))
          .append(": ")
          .append(esc(String.join("; ", variant.overrides())))
          .append("</summary><pre>");
      h.append(Files.isRegularFile(config) ? esc(read(config)) : "(not trained: no config.toml)");
      h.append("</pre></details>\n");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
