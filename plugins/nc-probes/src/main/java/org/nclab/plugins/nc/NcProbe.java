package org.nclab.plugins.nc;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.Probe;
import org.nclab.api.probe.ProbeInput;
import org.pf4j.Extension;

/**
 * Probe {@code nc}: neural-collapse metrics of one tap on one split, in float64.
 *
 * <p>Definitions, with K' the classes present in the split (normally K), N examples, μ_c the class
 * means, μ_G the global mean (mean of all examples; with {@code balanced}, mean of the class
 * means), m̃_c = μ_c − μ_G the columns of M̃ (d×K'), W the classifier's rows w_c:
 *
 * <ul>
 *   <li>Σ_W = (1/N) Σ_c Σ_{x in c} (x − μ_c)(x − μ_c)ᵀ, Σ_B = (1/K') M̃M̃ᵀ.
 *   <li>{@code nc1} = (1/K')·tr(Σ_W Σ_B^†), through the thin SVD of M̃: Σ_{i ≤ r} u_iᵀΣ_W u_i/σ_i²
 *       over the singular values above {@code rank_tolerance}·σ_max; {@code nc1_rank} = r; {@code
 *       nc1_quotient} = tr(Σ_W)/tr(Σ_B).
 *   <li>{@code nc2_equinorm_means} = std_c ‖m̃_c‖ / mean_c ‖m̃_c‖ (sample std); {@code
 *       nc2_etf_distance_means} = ‖G/‖G‖_F − (I − 11ᵀ/K')/√(K'−1)‖_F with G = M̃ᵀM̃; {@code
 *       nc2_coherence_means} = mean_{c≠c'} |cos(m̃_c, m̃_c') + 1/(K'−1)|; the same three for the
 *       rows w_c ({@code _classifier}) when the tap feeds the classifier.
 *   <li>{@code nc3_self_duality} = ‖W/‖W‖_F − M̃ᵀ/‖M̃‖_F‖_F².
 *   <li>{@code nc4_ncc_mismatch}: the fraction of examples whose nearest class mean is not the
 *       classifier's prediction (a second pass; only where predictions exist).
 *   <li>{@code cdnv} = mean_{c<c'} (σ_c² + σ_c'²)/(2‖μ_c − μ_c'‖²), σ_c² = mean ‖x − μ_c‖² in c.
 *   <li>{@code classes_present} = K'; {@code skipped_nonfinite_rows} when some rows had NaN or ±∞.
 * </ul>
 *
 * <p>Passes: one over the features (class counts, sums and a d×d second moment; see {@link
 * NcStatistics}), and a second only for NC4, when option {@code nc4} is on and every batch of the
 * first pass carried predictions. Metrics that do not apply (no classifier; fewer than two classes;
 * all means equal) are left out, never NaN.
 *
 * <pre>{@code
 * [[probe]]
 * id = "nc"
 * balanced = true
 * }</pre>
 */
@Extension
public final class NcProbe implements Probe {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.bool("balanced", "global mean = mean of class means (not of all examples)")
              .defaultValue(false),
          OptionSpec.bool("nc4", "run a second pass for NC4 when the tap has predictions")
              .defaultValue(true),
          OptionSpec.number(
                  "rank_tolerance",
                  "NC1 ignores singular values of the centred means below this fraction of the"
                      + " largest")
              .defaultValue(1e-10)
              .range(0, 0.5),
          OptionSpec.integer("threads", "threads for the d x d accumulation; 0 = all processors")
              .defaultValue(0)
              .range(0, 1024));

  @Override
  public String id() {
    return "nc";
  }

  @Override
  public String summary() {
    return "neural-collapse metrics NC1-NC4 and CDNV of a tap's features, in one float64 pass";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public Map<String, Double> measure(Options options, ProbeInput input) {
    ClassifierWeights classifier = input.classifier().orElse(null);
    NcStatistics statistics;
    PredictionCheck predictions = new PredictionCheck();
    try (KernelThreads threads = KernelThreads.of(options.getInt("threads"))) {
      statistics = new NcStatistics(input.numClasses(), input.dim(), threads);
      input.forEachBatch(
          batch -> {
            statistics.add(batch);
            predictions.note(batch);
          });
    }
    ClassMoments moments = statistics.moments();
    CentredMeans means = CentredMeans.of(moments, options.getBool("balanced"));
    Map<String, Double> metrics =
        NcMetrics.compute(moments, means, classifier, options.getDouble("rank_tolerance"));
    if (options.getBool("nc4") && predictions.everyBatch() && means.size() >= 2) {
      NearestClassCentre ncc = new NearestClassCentre(means);
      input.forEachBatch(ncc::add);
      long expected = moments.total();
      if (ncc.compared() != expected) {
        throw new IllegalStateException(
            "probe input for tap '"
                + input.tap()
                + "', split '"
                + input.split()
                + "' streamed "
                + ncc.compared()
                + " usable rows in the NC4 pass but "
                + expected
                + " in the first; every pass must see the same examples");
      }
      NcMetrics.putDefined(metrics, NcMetrics.NCC_MISMATCH, ncc.mismatchRate());
    }
    return Collections.unmodifiableMap(metrics);
  }

  /** Whether every batch of a pass carried the classifier's predictions. */
  private static final class PredictionCheck {
    private boolean sawBatch;
    private boolean missing;

    void note(FeatureBatch batch) {
      sawBatch = true;
      missing |= batch.predictions() == null;
    }

    boolean everyBatch() {
      return sawBatch && !missing;
    }
  }
}
