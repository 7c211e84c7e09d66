// nclab dashboard: polls the JSON API of DashboardServer and draws uPlot charts from the lines of
// the selected runs' metrics.jsonl, several runs overlaid on one chart. window.nclab exposes the
// charts' data and controls so a browser test can compare them with the files.
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  const POLL_MS = Number(params.get("poll")) || 2000;
  const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#7f7f7f", "#bcbd22"];
  // A second series that equals the first still shows: each series of a run has its own dash.
  const DASHES = [[], [7, 4], [2, 3], [9, 3, 2, 3], [4, 4], [1, 5]];
  // Metrics bounded in [0, 1] (or a few units) and counts: linear axes by default; other probe
  // figures span decades while features collapse, so log.
  const LINEAR_PROBES = new Set(["nc1_rank", "classes_present", "skipped_nonfinite_rows", "nc4_ncc_mismatch",
    "nc2_etf_distance_means", "nc2_etf_distance_classifier", "nc2_coherence_means", "nc2_coherence_classifier",
    "nc3_self_duality"]);
  // From docs/nc-probes.md: what each NC figure measures, and what 0 means.
  const EXPLAIN = {
    nc1: "within-class variability relative to the spread of the class means, tr(Σ_W Σ_B⁺)/K; 0: no within-class"
      + " variation along the class means (collapse).",
    nc1_rank: "singular values of the centred class-mean matrix used for Σ_B⁺; a count, at most K−1.",
    nc1_quotient: "tr(Σ_W)/tr(Σ_B), within- over between-class scatter; 0: no within-class variation at all.",
    nc2_equinorm_means: "std/mean of the centred class-mean norms; 0: all class means equally long.",
    nc2_etf_distance_means: "distance of the class means' normalised Gram matrix from a simplex ETF's, in [0, 2];"
      + " 0: an ETF of any scale.",
    nc2_coherence_means: "mean |cos(m_c, m_c′) + 1/(K−1)| over pairs; 0: equal angles at −1/(K−1).",
    nc2_equinorm_classifier: "std/mean of the classifier rows' norms; 0: equal norms.",
    nc2_etf_distance_classifier: "distance of the classifier rows' Gram matrix from a simplex ETF's, in [0, 2].",
    nc2_coherence_classifier: "mean |cos(w_c, w_c′) + 1/(K−1)| over pairs of classifier rows; 0: equal angles.",
    nc3_self_duality: "‖W/‖W‖ − M̃ᵀ/‖M̃‖‖², in [0, 4]; 0: classifier rows proportional to the class means.",
    nc4_ncc_mismatch: "share of examples where the nearest class centre disagrees with the classifier; 0: the"
      + " classifier is nearest-class-centre.",
    cdnv: "class-distance normalised variance, mean over class pairs of (σ_c² + σ_c′²)/(2‖μ_c − μ_c′‖²).",
    classes_present: "classes seen by the probe (K′).",
    skipped_nonfinite_rows: "rows with NaN or ±∞ left out of every figure.",
  };
  const state = {
    runs: [], selected: params.get("runs") ? params.get("runs").split(",") : null, data: new Map(),
    charts: new Map(), polls: 0, smoothing: Number(params.get("smoothing")) || 0,
    xaxis: params.get("x") || "step", filter: params.get("tags") || "", logOverride: new Map(),
  };

  const $ = (id) => document.getElementById(id);
  // Axis ticks with the digits that tell them apart (uPlot's default shows 0.05 for 0.048 and 0.052).
  const tick = (v) => (v == null ? "" : Math.abs(v) >= 1000 ? v.toLocaleString("en") : String(Number(v.toPrecision(3))));
  const fmt = (v) => (typeof v === "number" && isFinite(v)
    ? (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4)) : "");
  const duration = (s) => {
    if (!isFinite(s)) return "";
    s = Math.max(0, Math.round(s));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return h > 0 ? h + "h" + pad(m) + "m" : m > 0 ? m + "m" + pad(sec) + "s" : sec + "s";
  };

  // TensorBoard's smoothing: an exponential moving average debiased for its zero start
  // (tensorboard/components/vz_line_chart2), NaN and infinities passed through, constants left alone.
  function smooth(values, weight) {
    let last = values.length > 0 ? 0 : NaN;
    let count = 0;
    const constant = values.every((v) => v === values[0]);
    return values.map((v) => {
      if (constant || !isFinite(v)) return v;
      last = last * weight + (1 - weight) * v;
      count++;
      return weight === 1 ? last : last / (1 - Math.pow(weight, count));
    });
  }

  // Which charts the selected runs' lines make: one per figure family, probes one per metric with
  // a series per run, split and layer (tap), transfer methods one per method and metric.
  function chartSpecs(runIds) {
    const seen = new Map();
    const add = (id, title, series, log) => {
      if (!seen.has(id)) seen.set(id, { id, title, log: !!log, metric: id.split(":").pop(), series: new Map() });
      const sid = series.run + "|" + series.phase + "|" + series.method + "|" + series.key;
      if (!seen.get(id).series.has(sid)) seen.get(id).series.set(sid, series);
    };
    for (const run of runIds) {
      for (const line of (state.data.get(run) || { lines: [] }).lines) {
        const phase = line.phase;
        const method = line.method || "";
        for (const key of Object.keys(line)) {
          if (["phase", "epoch", "step", "method", "wall_time"].includes(key)) continue;
          const parts = key.split("/");
          const s = { run, key, phase, method, label: key + " (" + phase + ")" };
          if (method) {
            add("method:" + method + ":" + parts[parts.length - 1], method + ": " + parts[parts.length - 1],
              { ...s, label: method + " " + s.label });
          } else if (parts.length === 2 && parts[1] === "loss") {
            add("loss", "loss", s);
          } else if (parts.length === 2 && parts[1] === "accuracy") {
            add("accuracy", "accuracy", s);
          } else if (key === "train/learning_rate" && phase === "step") {
            add("lr", "learning rate", s);
          } else if (key === "train/images_per_second") {
            add("throughput", "throughput (images/s)", s);
          } else if (parts[0] === "loss" && parts.length === 2) {
            add("terms", "loss terms (unweighted)", s);
          } else if (parts[0] === "probe" && parts.length === 4) {
            add("probe:" + parts[3], parts[3] + " per layer (probe)",
              { ...s, label: parts[2] + " (" + parts[1] + ")" }, !LINEAR_PROBES.has(parts[3]));
          }
        }
      }
    }
    const order = ["loss", "accuracy", "lr", "throughput", "probe:nc1", "terms"];
    const rank = (id) => (order.indexOf(id) >= 0 ? order.indexOf(id) : order.length);
    const several = runIds.length > 1;
    return [...seen.values()]
      // a single loss term is the loss itself
      .filter((c) => c.id !== "terms" || new Set([...c.series.values()].map((s) => s.key)).size > 1)
      .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id))
      .map((c) => {
        const series = [...c.series.values()];
        const perRun = new Map();
        series.forEach((s) => {
          const index = perRun.get(s.run) || 0;
          perRun.set(s.run, index + 1);
          const runIndex = runIds.indexOf(s.run);
          s.color = COLORS[(several ? runIndex : index) % COLORS.length];
          s.dash = DASHES[index % DASHES.length];
          // later series of a run are drawn thinner on top: an equal one shows through the gaps of its dash
          s.width = Math.max(1.2, 2.8 - 0.5 * index);
          if (several) s.label = s.run + ": " + s.label;
        });
        return { ...c, series };
      });
  }

  // Log-window figures are smoothed; an epoch's figure is one point already, shown as it is.
  const weight = (s) => (s.phase === "step" ? state.smoothing : 0);

  // Every series' points in file order: step, wall time, value, smoothed value.
  function seriesPoints(spec) {
    return spec.series.map((s) => {
      const pts = [];
      for (const line of state.data.get(s.run).lines) {
        if (line.phase === s.phase && (line.method || "") === s.method && typeof line[s.key] === "number") {
          pts.push({ step: line.step, wall: line.wall_time, value: line[s.key] });
        }
      }
      const smoothed = smooth(pts.map((p) => p.value), weight(s));
      pts.forEach((p, i) => { p.smoothed = smoothed[i]; });
      return pts;
    });
  }

  function xOf(point, run) {
    if (state.xaxis === "step") return point.step;
    if (typeof point.wall !== "number") return null; // a file written before lines carried wall_time
    return state.xaxis === "wall" ? point.wall : point.wall - state.data.get(run).start;
  }

  // uPlot wants one x array shared by every series: the union of x, null where a series has no
  // value (spanGaps joins its points). Two uPlot series per figure: raw (faint when smoothing) and smoothed.
  function alignedData(spec, points) {
    const xs = new Set();
    const maps = points.map((pts, i) => {
      const raw = new Map();
      const smoothed = new Map();
      for (const p of pts) {
        const x = xOf(p, spec.series[i].run);
        if (x === null) continue;
        raw.set(x, p.value);
        smoothed.set(x, p.smoothed);
        xs.add(x);
      }
      return { raw, smoothed };
    });
    const x = [...xs].sort((a, b) => a - b);
    const data = [x];
    maps.forEach((m) => {
      data.push(x.map((v) => (m.raw.has(v) ? m.raw.get(v) : null)));
      data.push(x.map((v) => (m.smoothed.has(v) ? m.smoothed.get(v) : null)));
    });
    return data;
  }

  function isLog(spec, points) {
    const wanted = state.logOverride.has(spec.id) ? state.logOverride.get(spec.id) : spec.log;
    const values = points.flat().map((p) => p.value);
    const constant = values.every((v) => v === values[0]);
    return wanted && !constant && values.every((v) => v > 0);
  }

  function axisOptions() {
    if (state.xaxis === "wall") return { scale: { time: true }, label: "wall time", values: undefined };
    if (state.xaxis === "relative") {
      return { scale: { time: false }, label: "time since the run's first line", values: (u, t) => t.map(duration) };
    }
    return { scale: { time: false }, label: "step", values: (u, t) => t.map(tick) };
  }

  function matchesFilter(spec) {
    if (!state.filter) return true;
    try {
      const re = new RegExp(state.filter, "i");
      return re.test(spec.title) || re.test(spec.id) || spec.series.some((s) => re.test(s.key));
    } catch (badRegex) {
      const text = state.filter.toLowerCase();
      return spec.title.toLowerCase().includes(text) || spec.series.some((s) => s.key.toLowerCase().includes(text));
    }
  }

  function swatch(s) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "10");
    svg.setAttribute("class", "swatch");
    svg.innerHTML = '<line x1="1" y1="5" x2="27" y2="5" stroke-width="2.5"></line>'
      + (s.phase === "epoch" || s.phase === "transfer" ? '<circle cx="14" cy="5" r="3"></circle>' : "");
    svg.querySelector("line").setAttribute("stroke", s.color);
    svg.querySelector("line").setAttribute("stroke-dasharray", s.dash.join(" "));
    const circle = svg.querySelector("circle");
    if (circle) circle.setAttribute("fill", s.color);
    return svg;
  }

  // The legend under a chart: every series with its value at the cursor, or its last value.
  function updateLegend(chart) {
    const idx = chart.plot.cursor.idx;
    const data = chart.plot.data;
    chart.legend.querySelectorAll(".item").forEach((item, i) => {
      const raw = data[1 + 2 * i];
      const smoothed = data[2 + 2 * i];
      let j = idx == null ? raw.length - 1 : idx;
      while (j >= 0 && (raw[j] === null || raw[j] === undefined)) j--;
      const text = j < 0 ? "" : weight(chart.spec.series[i]) > 0 ? fmt(smoothed[j]) + " (raw " + fmt(raw[j]) + ")"
        : fmt(raw[j]);
      item.querySelector(".value").textContent = text;
    });
  }

  function download(id, format) {
    const chart = state.charts.get(id);
    if (!chart) return null;
    const points = seriesPoints(chart.spec);
    if (format === "json") {
      return JSON.stringify(chart.spec.series.map((s, i) => ({
        run: s.run, series: s.label, key: s.key, phase: s.phase, method: s.method,
        points: points[i].map((p) => [p.wall === undefined ? null : p.wall, p.step, p.value]),
      })), null, 1);
    }
    const quote = (t) => (/[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t);
    const rows = ["run,series,key,phase,method,step,wall_time,value"];
    chart.spec.series.forEach((s, i) => points[i].forEach((p) => rows.push([s.run, s.label, s.key, s.phase, s.method,
      p.step, p.wall === undefined ? "" : p.wall, p.value].map((v) => quote(String(v))).join(","))));
    return rows.join("\n") + "\n";
  }

  function saveAs(id, format) {
    const blob = new Blob([download(id, format)], { type: format === "json" ? "application/json" : "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = id.replace(/[^A-Za-z0-9_.-]+/g, "_") + "." + format;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function newChart(spec, log, data, container) {
    const box = document.createElement("div");
    box.className = "chart";
    box.dataset.chart = spec.id;
    box.innerHTML = '<div class="chart-head"><h3></h3><button class="scale"></button>'
      + '<button class="csv">CSV</button><button class="json">JSON</button></div>';
    box.querySelector("h3").textContent = spec.title;
    const scale = box.querySelector(".scale");
    scale.textContent = log ? "log → linear" : "linear → log";
    scale.title = "switch this chart's y axis";
    scale.addEventListener("click", () => { state.logOverride.set(spec.id, !log); render(); });
    box.querySelector(".csv").addEventListener("click", () => saveAs(spec.id, "csv"));
    box.querySelector(".json").addEventListener("click", () => saveAs(spec.id, "json"));
    if (EXPLAIN[spec.metric] && spec.id.startsWith("probe:")) {
      const p = document.createElement("p");
      p.className = "explain";
      p.textContent = spec.metric + ": " + EXPLAIN[spec.metric];
      box.appendChild(p);
    }
    container.appendChild(box);
    const axis = axisOptions();
    const width = Math.max(320, box.clientWidth - 16);
    const uSeries = [{ label: axis.label }];
    for (const s of spec.series) {
      const markers = s.phase !== "step"; // epoch figures: a line through markers
      const smoothed = weight(s) > 0;
      uSeries.push({ label: s.label + " raw", stroke: s.color + (smoothed ? "40" : ""), width: 1.5,
        dash: s.dash, spanGaps: true, show: smoothed, points: { show: false } });
      uSeries.push({ label: s.label, stroke: s.color, width: s.width, dash: s.dash, spanGaps: true,
        points: { show: markers, size: 7, fill: s.color } });
    }
    const opts = {
      width, height: 250, legend: { show: false },
      scales: { x: axis.scale, y: log ? { distr: 3 } : {} },
      axes: [{ label: axis.label, values: axis.values }, { size: 64, values: (u, ticks) => ticks.map(tick) }],
      series: uSeries,
      hooks: { setCursor: [(u) => { const c = state.charts.get(spec.id); if (c) updateLegend(c); }] },
    };
    const plot = new uPlot(opts, data, box);
    const legend = document.createElement("div");
    legend.className = "legend";
    for (const s of spec.series) {
      const item = document.createElement("div");
      item.className = "item";
      item.appendChild(swatch(s));
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = s.label;
      label.title = s.label;
      const value = document.createElement("span");
      value.className = "value";
      item.append(label, value);
      legend.appendChild(item);
    }
    box.appendChild(legend);
    return { plot, box, legend, spec, log };
  }

  function render() {
    const runIds = selectedRuns().filter((id) => state.data.has(id));
    const specs = chartSpecs(runIds);
    const container = $("charts");
    const wanted = new Set(specs.map((s) => s.id));
    for (const [id, chart] of state.charts) {
      if (!wanted.has(id)) {
        chart.plot.destroy();
        chart.box.remove();
        state.charts.delete(id);
      }
    }
    if (specs.length === 0) {
      if (!container.querySelector(".empty")) {
        container.innerHTML = '<p class="empty">no figures yet: the first appear after train.log_every_steps steps</p>';
      }
      return;
    }
    container.querySelectorAll(".empty").forEach((e) => e.remove());
    for (const spec of specs) {
      const points = seriesPoints(spec);
      const log = isLog(spec, points);
      const data = alignedData(spec, points);
      const signature = [spec.series.map((s) => s.label + s.color).join("\n"), log, state.xaxis,
        state.smoothing > 0].join("|");
      let chart = state.charts.get(spec.id);
      if (chart && chart.signature !== signature) {
        chart.plot.destroy();
        chart.box.remove();
        chart = null;
      }
      if (!chart) {
        chart = newChart(spec, log, data, container);
        chart.signature = signature;
        state.charts.set(spec.id, chart);
      } else {
        chart.spec = spec;
        chart.plot.setData(data);
      }
      chart.points = points;
      chart.box.hidden = !matchesFilter(spec);
      updateLegend(chart);
      container.appendChild(chart.box); // keep the order of specs
    }
  }

  function selectedRuns() {
    return state.selected || [];
  }

  // Phase, epoch N/M, time left and best test accuracy of a run, from its lines and run.json's status.
  function progress(run) {
    const lines = (state.data.get(run.id) || { lines: [] }).lines.filter((l) => !l.method);
    const epochs = lines.filter((l) => l.phase === "epoch");
    const last = lines[lines.length - 1];
    let best = null;
    for (const l of epochs) {
      if (typeof l["test/accuracy"] === "number" && (!best || l["test/accuracy"] > best.value)) {
        best = { value: l["test/accuracy"], epoch: l.epoch };
      }
    }
    const stepsPerEpoch = epochs.length > 0 ? epochs[0].step / epochs[0].epoch : null;
    let phase = run.status;
    if (run.kind === "transfer") {
      phase = run.status === "finished" ? "transfer finished" : "transferring";
    } else if (run.status === "running" && last) {
      const endOfEpoch = last.phase === "step" && stepsPerEpoch && last.step % stepsPerEpoch === 0;
      phase = last.phase === "epoch" ? "epoch " + last.epoch + " done"
        : endOfEpoch ? "evaluate / probe / checkpoint" : "train";
    }
    let eta = "";
    if (run.status === "running" && run.epochs && epochs.length > 0 && typeof epochs[0].wall_time === "number") {
      const first = lines[0].wall_time;
      const lastEpoch = epochs[epochs.length - 1];
      const perEpoch = (lastEpoch.wall_time - first) / Math.max(1, epochs.length);
      const left = (run.epochs - lastEpoch.epoch) * perEpoch - (Date.now() / 1000 - lastEpoch.wall_time);
      eta = duration(Math.max(0, left));
    }
    return {
      run: run.id, phase, epoch: run.epochs ? run.epoch + "/" + run.epochs : String(run.epoch), eta,
      best: best ? best.value.toFixed(4) + " (epoch " + best.epoch + ")" : "",
    };
  }

  function renderProgress() {
    const body = document.querySelector("#progress tbody");
    body.innerHTML = "";
    for (const run of state.runs.filter((r) => selectedRuns().includes(r.id))) {
      const p = progress(run);
      const tr = document.createElement("tr");
      for (const text of [p.run, p.phase, p.epoch, p.eta || "—", p.best || "—"]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function renderRuns(payload) {
    $("title").textContent = payload.title;
    state.runs = payload.runs;
    $("runs-section").hidden = payload.runs.length < 2;
    const body = document.querySelector("#runs tbody");
    body.innerHTML = "";
    for (const run of payload.runs) {
      const tr = document.createElement("tr");
      const on = selectedRuns().includes(run.id);
      if (on) tr.className = "selected";
      tr.dataset.run = run.id;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = on;
      const first = document.createElement("td");
      first.appendChild(box);
      tr.appendChild(first);
      const epoch = run.epochs ? run.epoch + "/" + run.epochs : String(run.epoch);
      const cells = [run.id, run.kind || "run", run.status, run.model || "", run.dataset || "", epoch,
        String(run.step), fmt(run.last["train/loss"]), fmt(run.last["test/loss"]), fmt(run.last["test/accuracy"]),
        fmt(run.last["train/images_per_second"])];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      tr.addEventListener("click", () => toggle(run.id));
      body.appendChild(tr);
    }
  }

  function toggle(id) {
    const now = selectedRuns();
    state.selected = now.includes(id) ? now.filter((r) => r !== id) : [...now, id];
    state.selected = state.runs.map((r) => r.id).filter((r) => state.selected.includes(r)); // table order
    render();
    renderProgress();
    setTimeout(poll, 0);
  }

  async function poll() {
    if (state.busy) return; // the next interval picks up what this one missed
    state.busy = true;
    try {
      await refresh();
    } finally {
      state.busy = false;
    }
  }

  // Reads what a run's metrics.jsonl gained since the last poll; true when it changed.
  async function fetchLines(id) {
    const known = state.data.get(id) || { lines: [], from: 0, generation: null, start: null };
    const url = "/api/runs/" + encodeURIComponent(id) + "/metrics?from=" + known.from;
    const slice = await (await fetch(url, { cache: "no-store" })).json();
    if (slice.generation !== known.generation) { // first read, or the file was cut back on resume
      known.generation = slice.generation;
      known.lines = [];
      known.from = 0;
      if (slice.from !== 0) {
        state.data.set(id, known);
        return fetchLines(id);
      }
    }
    known.lines.push(...slice.lines);
    known.from = slice.from + slice.lines.length;
    const timed = known.lines.find((l) => typeof l.wall_time === "number");
    known.start = timed ? timed.wall_time : null;
    const isNew = !state.data.has(id);
    state.data.set(id, known);
    return isNew || slice.lines.length > 0;
  }

  async function refresh() {
    try {
      const runs = await (await fetch("/api/runs", { cache: "no-store" })).json();
      const ids = runs.runs.map((r) => r.id);
      if (state.selected === null) {
        // all of a small folder, overlaid as TensorBoard does; of a large one, the running runs
        const running = runs.runs.filter((r) => r.status === "running").map((r) => r.id);
        state.selected = ids.length <= 6 ? ids : running.length > 0 ? running : ids.slice(0, 1);
      }
      state.selected = state.selected.filter((id) => ids.includes(id));
      renderRuns(runs);
      let changed = false;
      for (const id of selectedRuns()) {
        changed = (await fetchLines(id)) || changed;
      }
      if (changed || state.charts.size === 0) render();
      renderProgress();
      state.polls++;
      const lines = selectedRuns().reduce((n, id) => n + (state.data.has(id) ? state.data.get(id).lines.length : 0), 0);
      $("status").textContent = "updated " + new Date().toLocaleTimeString() + " · " + lines
        + " lines of metrics.jsonl from " + selectedRuns().length + " run(s)";
    } catch (e) {
      $("status").textContent = "cannot reach nclab (" + e.message + "); retrying";
    }
  }

  function setSmoothing(weight) {
    state.smoothing = Math.min(0.999, Math.max(0, Number(weight) || 0));
    $("smoothing").value = String(state.smoothing);
    $("smoothing-value").textContent = state.smoothing.toFixed(2);
    render();
  }

  function setXAxis(mode) {
    state.xaxis = ["step", "relative", "wall"].includes(mode) ? mode : "step";
    $("xaxis").value = state.xaxis;
    render();
  }

  function setFilter(text) {
    state.filter = text || "";
    $("filter").value = state.filter;
    render();
  }

  $("smoothing").addEventListener("input", (e) => setSmoothing(e.target.value));
  $("xaxis").addEventListener("change", (e) => setXAxis(e.target.value));
  $("filter").addEventListener("input", (e) => setFilter(e.target.value));
  $("smoothing").value = String(state.smoothing);
  $("smoothing-value").textContent = state.smoothing.toFixed(2);
  $("xaxis").value = state.xaxis;
  $("filter").value = state.filter;

  // uPlot keeps a series' points.show as a function of (plot, series index).
  const drawsPoints = (plot, i) => {
    const show = plot.series[i].points.show;
    return Boolean(typeof show === "function" ? show(plot, i) : show);
  };

  // What a browser test reads and sets: every chart's series with the points drawn (x = step).
  window.nclab = {
    polls: () => state.polls,
    lines: (run) => {
      const id = run || selectedRuns()[0];
      return state.data.has(id) ? state.data.get(id).lines.length : 0;
    },
    selected: () => selectedRuns(),
    smooth,
    setSmoothing,
    setXAxis,
    setFilter,
    select: (ids) => { state.selected = ids; render(); renderProgress(); return poll(); },
    toggleLog: (id) => state.charts.get(id).box.querySelector(".scale").click(),
    download,
    progress: () => [...document.querySelectorAll("#progress tbody tr")].map((tr) =>
      [...tr.children].map((td) => td.textContent)),
    charts: () => {
      const out = {};
      for (const [id, chart] of state.charts) {
        const data = chart.plot.data;
        out[id] = {
          title: chart.spec.title, log: chart.log, visible: !chart.box.hidden, x: data[0].slice(),
          legend: [...chart.legend.querySelectorAll(".item")].map((item) => ({
            label: item.querySelector(".label").textContent, value: item.querySelector(".value").textContent,
            dash: item.querySelector("line").getAttribute("stroke-dasharray"),
            color: item.querySelector("line").getAttribute("stroke") })),
          series: chart.spec.series.map((s, i) => ({
            run: s.run, label: s.label, key: s.key, phase: s.phase, method: s.method,
            markers: drawsPoints(chart.plot, 2 + 2 * i), dash: s.dash,
            points: chart.points[i].map((p) => [p.step, p.value]),
            smoothed: chart.points[i].map((p) => p.smoothed),
            drawn: data[2 + 2 * i].filter((v) => v !== null && v !== undefined),
          })),
        };
      }
      return out;
    },
  };

  poll();
  setInterval(poll, POLL_MS);
})();
