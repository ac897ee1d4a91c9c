// The overview's charts: reports per period stacked by quad, and reports per category.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const { data, svg, html, label, withFilters, quadClass, QUADS } = eventwire;
  const page = data();
  drawTimeline(document.getElementById("timeline"), page.timeline);
  drawCategories(document.getElementById("categories"), page.categories);

  function drawTimeline(container, timeline) {
    document.getElementById("period").textContent = timeline.period;
    const bars = timeline.bars;
    if (!bars.length) { html("p", "No dated events for these filters.", { class: "muted" }, container); return; }
    const width = 1200, height = 190, left = 44, bottom = 24, top = 8, right = 150;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true" }, container);
    const totals = bars.map((bar) => QUADS.reduce((sum, quad) => sum + bar[quad], 0));
    const most = Math.max(...totals, 1);
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const step = plotWidth / bars.length, barWidth = Math.max(1, step * 0.85);
    const y = (value) => top + plotHeight - (value / most) * plotHeight;
    const axis = svg("g", { class: "axis" }, chart);
    for (const tick of ticks(most)) {
      svg("line", { x1: left - 4, x2: left + plotWidth, y1: y(tick), y2: y(tick), "stroke-opacity": 0.25 }, axis);
      svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, axis).textContent = tick.toLocaleString();
    }
    const labelEvery = Math.ceil(bars.length / 12);
    bars.forEach((bar, index) => {
      const x = left + index * step;
      let base = 0;
      const group = svg("g", { class: "bar" }, chart);
      for (const quad of QUADS) {
        if (!bar[quad]) continue;
        const rect = svg("rect", { x, width: barWidth, y: y(base + bar[quad]), height: y(base) - y(base + bar[quad]),
                                   class: quadClass(quad) }, group);
        svg("title", {}, rect).textContent = `${bar.period}: ${bar[quad]} ${label(quad)}`;
        base += bar[quad];
      }
      if (index % labelEvery === 0) {
        svg("text", { x: x + barWidth / 2, y: height - bottom + 15, "text-anchor": "middle" }, chart).textContent = bar.period;
      }
    });
    QUADS.forEach((quad, index) => {
      const row = svg("g", { transform: `translate(${width - right + 14}, ${top + 10 + index * 20})` }, chart);
      svg("rect", { width: 12, height: 12, y: -10, class: quadClass(quad) }, row);
      svg("text", { x: 18 }, row).textContent = label(quad);
    });
  }

  function drawCategories(container, rows) {
    if (!rows.length) { html("p", "No events for these filters.", { class: "muted" }, container); return; }
    const width = 420, rowHeight = 19, left = 92, right = 48;
    const height = rows.length * rowHeight + 6;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true" }, container);
    const most = Math.max(...rows.map((row) => row.events), 1);
    rows.forEach((row, index) => {
      const link = svg("a", { href: withFilters(window.location.pathname, { category: row.key }) }, chart);
      const y = index * rowHeight + 3;
      svg("text", { x: left - 6, y: y + 12, "text-anchor": "end" }, link).textContent = row.key;
      const barWidth = Math.max(1, (row.events / most) * (width - left - right));
      svg("rect", { x: left, y, width: barWidth, height: rowHeight - 5, fill: "#24527a" }, link);
      svg("text", { x: left + barWidth + 4, y: y + 12 }, link).textContent = row.events.toLocaleString();
    });
  }

  function ticks(most) {
    const rough = most / 4, magnitude = 10 ** Math.floor(Math.log10(rough || 1));
    const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) || magnitude;
    const values = [];
    for (let value = 0; value <= most; value += step) values.push(value);
    return values;
  }
});
