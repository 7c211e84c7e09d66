// nclab dashboard: polls the JSON API of DashboardServer and draws uPlot charts from the lines of
// a run's metrics.jsonl. window.nclab exposes the charts' data so a browser test can compare it
// with the file.
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  const POLL_MS = Number(params.get("poll")) || 2000;
  const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#7f7f7f", "#bcbd22"];
  const state = { runs: [], selected: params.get("run"), lines: [], from: 0, generation: null,
    charts: new Map(), polls: 0 };

  const $ = (id) => document.getElementById(id);
  // Axis ticks with the digits that tell them apart (uPlot's default shows 0.05 for 0.048 and 0.052).
  const tick = (v) => (v == null ? "" : Math.abs(v) >= 1000 ? v.toLocaleString("en") : String(Number(v.toPrecision(3))));
  const fmt = (v) => (typeof v === "number" ? (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4)) : "");

  // Which charts a run's lines make: one per figure family, probes one per metric with a series
  // per split and layer (tap), transfer methods one per method and metric.
  function chartSpecs(lines) {
    const seen = new Map(); // chart id -> {title, log, series: Map(seriesId -> series)}
    const add = (id, title, series, log) => {
      if (!seen.has(id)) seen.set(id, { id, title, log: !!log, series: new Map() });
      const sid = series.phase + "|" + series.method + "|" + series.key;
      if (!seen.get(id).series.has(sid)) seen.get(id).series.set(sid, series);
    };
    for (const line of lines) {
      const phase = line.phase;
      const method = line.method || "";
      for (const key of Object.keys(line)) {
        if (key === "phase" || key === "epoch" || key === "step" || key === "method") continue;
        const parts = key.split("/");
        const s = { key, phase, method, label: key + " (" + phase + ")" };
        if (method) {
          add("method:" + method + ":" + parts[parts.length - 1], method + ": " + parts[parts.length - 1],
            { ...s, label: method + " " + s.label });
        } else if (parts.length === 2 && (parts[1] === "loss")) {
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
            { ...s, label: parts[2] + " (" + parts[1] + ")" }, true);
        }
      }
    }
    const order = ["loss", "accuracy", "lr", "throughput", "probe:nc1", "terms"];
    const rank = (id) => (order.indexOf(id) >= 0 ? order.indexOf(id) : order.length);
    return [...seen.values()]
      // a single loss term is the loss itself
      .filter((c) => c.id !== "terms" || new Set([...c.series.values()].map((s) => s.key)).size > 1)
      .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id))
      .map((c) => ({ ...c, series: [...c.series.values()] }));
  }

  // uPlot wants one x array shared by every series: the union of steps, null where a series has
  // no value (spanGaps joins its points).
  function alignedData(spec, lines) {
    const bySeries = spec.series.map(() => new Map());
    const xs = new Set();
    for (const line of lines) {
      spec.series.forEach((s, i) => {
        if (line.phase === s.phase && (line.method || "") === s.method && typeof line[s.key] === "number") {
          bySeries[i].set(line.step, line[s.key]);
          xs.add(line.step);
        }
      });
    }
    const x = [...xs].sort((a, b) => a - b);
    const log = spec.log && bySeries.every((m) => [...m.values()].every((v) => v > 0));
    return { log, data: [x, ...bySeries.map((m) => x.map((step) => (m.has(step) ? m.get(step) : null)))] };
  }

  function render() {
    const specs = chartSpecs(state.lines);
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
      const { log, data } = alignedData(spec, state.lines);
      const signature = spec.series.map((s) => s.label).join("\n") + "|" + log;
      let chart = state.charts.get(spec.id);
      if (chart && chart.signature !== signature) {
        chart.plot.destroy();
        chart.box.remove();
        chart = null;
      }
      if (!chart) {
        const box = document.createElement("div");
        box.className = "chart";
        box.dataset.chart = spec.id;
        box.innerHTML = "<h3></h3>";
        box.querySelector("h3").textContent = spec.title;
        container.appendChild(box);
        const width = Math.max(320, box.clientWidth - 16);
        const opts = {
          width, height: 240,
          scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
          axes: [{ label: "step" }, { size: 64, values: (u, ticks) => ticks.map(tick) }],
          series: [{ label: "step" }, ...spec.series.map((s, i) => ({
            label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true,
            points: { show: s.phase === "epoch" },
          }))],
        };
        chart = { plot: new uPlot(opts, data, box), box, signature, spec };
        state.charts.set(spec.id, chart);
        // keep the element order of specs
      } else {
        chart.spec = spec;
        chart.plot.setData(data);
      }
      container.appendChild(chart.box);
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
      if (run.id === state.selected) tr.className = "selected";
      const epoch = run.epochs ? run.epoch + "/" + run.epochs : String(run.epoch);
      const cells = [run.id, run.status, run.model || "", run.dataset || "", epoch, String(run.step),
        fmt(run.last["train/loss"]), fmt(run.last["test/loss"]), fmt(run.last["test/accuracy"]),
        fmt(run.last["train/images_per_second"])];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      tr.addEventListener("click", () => select(run.id));
      body.appendChild(tr);
    }
  }

  function select(id) {
    if (id === state.selected) return;
    state.selected = id;
    state.lines = [];
    state.from = 0;
    state.generation = null;
    for (const chart of state.charts.values()) {
      chart.plot.destroy();
      chart.box.remove();
    }
    state.charts.clear();
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

  async function refresh() {
    try {
      const runs = await (await fetch("/api/runs", { cache: "no-store" })).json();
      if (!state.selected || !runs.runs.some((r) => r.id === state.selected)) {
        const running = runs.runs.find((r) => r.status === "running");
        state.selected = (running || runs.runs[0] || {}).id || null;
      }
      renderRuns(runs);
      if (state.selected) {
        const run = runs.runs.find((r) => r.id === state.selected);
        $("run-heading").textContent = state.selected + " — " + run.status;
        const url = "/api/runs/" + encodeURIComponent(state.selected) + "/metrics?from=" + state.from;
        const asked = state.selected;
        const slice = await (await fetch(url, { cache: "no-store" })).json();
        if (asked !== state.selected) return; // another run was picked meanwhile
        if (slice.generation !== state.generation) { // first read, or the file was cut back on resume
          state.generation = slice.generation;
          state.lines = [];
          if (slice.from !== 0) {
            state.from = 0;
            return refresh();
          }
        }
        if (slice.lines.length > 0 || state.charts.size === 0) {
          state.lines.push(...slice.lines);
          state.from = slice.from + slice.lines.length;
          render();
        }
      }
      state.polls++;
      $("status").textContent = "updated " + new Date().toLocaleTimeString() + " · " + state.lines.length
        + " lines of metrics.jsonl";
    } catch (e) {
      $("status").textContent = "cannot reach nclab (" + e.message + "); retrying";
    }
  }

  // What a browser test reads: every chart's series with the points drawn (x = step).
  window.nclab = {
    polls: () => state.polls,
    lines: () => state.lines.length,
    charts: () => {
      const out = {};
      for (const [id, chart] of state.charts) {
        const data = chart.plot.data;
        out[id] = {
          title: chart.spec.title,
          series: chart.spec.series.map((s, i) => ({
            label: s.label, key: s.key, phase: s.phase, method: s.method,
            points: data[0].map((x, j) => [x, data[i + 1][j]]).filter((p) => p[1] !== null && p[1] !== undefined),
          })),
        };
      }
      return out;
    },
  };

  poll();
  setInterval(poll, POLL_MS);
})();
