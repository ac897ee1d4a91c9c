// The actor network: a small force layout (repulsion between actors, springs along pairs), run to rest
// before drawing so the picture does not move; it starts from a circle, so the same data gives the same picture.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const { data, svg, html, withFilters } = eventwire;
  const graph = data();
  const container = document.getElementById("network");
  if (!graph.nodes.length) { html("p", "No actor pairs for these filters.", { class: "muted" }, container); return; }
  const width = 1200, height = 680;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}` }, container);
  const defs = svg("defs", {}, chart);
  for (const kind of ["cooperation", "conflict", "mixed"]) {
    const marker = svg("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerUnits: "userSpaceOnUse",
                                   markerWidth: 9, markerHeight: 9, orient: "auto-start-reverse" }, defs);
    svg("path", { d: "M0,0L10,5L0,10z" }, marker);
  }
  const nodes = graph.nodes.map((node, index) => {
    const angle = (2 * Math.PI * index) / graph.nodes.length;
    return { ...node, x: width / 2 + 250 * Math.cos(angle), y: height / 2 + 250 * Math.sin(angle), vx: 0, vy: 0 };
  });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges = graph.edges.map((edge) => ({ ...edge, source: byId.get(edge.actor), target: byId.get(edge.recipient) }));
  layout(nodes, edges);

  const most = Math.max(...edges.map((edge) => edge.events), 1);
  const radius = (node) => 5 + 12 * Math.sqrt(node.events / Math.max(...nodes.map((n) => n.events)));
  const edgeLayer = svg("g", {}, chart);
  for (const edge of edges) {
    const kind = edge.cooperation > edge.conflict ? "cooperation" : edge.conflict > edge.cooperation ? "conflict" : "mixed";
    const { source, target } = edge;
    const dx = target.x - source.x, dy = target.y - source.y, length = Math.hypot(dx, dy) || 1;
    const end = radius(target) + 2;
    // A slight curve, so A -> B and B -> A stay apart.
    const mx = (source.x + target.x) / 2 - (dy / length) * 18, my = (source.y + target.y) / 2 + (dx / length) * 18;
    const ex = target.x - ((target.x - mx) / Math.hypot(target.x - mx, target.y - my)) * end;
    const ey = target.y - ((target.y - my) / Math.hypot(target.x - mx, target.y - my)) * end;
    const path = svg("path", { class: `edge ${kind}`, d: `M${source.x},${source.y}Q${mx},${my} ${ex},${ey}`,
                               "stroke-width": 1 + 6 * Math.sqrt(edge.events / most), "marker-end": `url(#arrow-${kind})` }, edgeLayer);
    svg("title", {}, path).textContent =
      `${edge.actor} → ${edge.recipient}: ${edge.events} events (${edge.cooperation} cooperation, ${edge.conflict} conflict)`;
  }
  const nodeLayer = svg("g", {}, chart);
  for (const node of nodes) {
    const group = svg("a", { class: "node", href: withFilters("/network", { actor: node.id }) }, nodeLayer);
    svg("circle", { cx: node.x, cy: node.y, r: radius(node) }, group);
    svg("text", { x: node.x + radius(node) + 3, y: node.y + 4 }, group).textContent = node.id;
    svg("title", {}, group).textContent = `${node.id}${node.country ? " (" + node.country + ")" : ""}: ${node.events} events`;
  }
  eventwire.legend(container.parentElement.appendChild(html("div", "", { class: "legend" })),
                   [["cooperation", "mostly cooperation"], ["conflict", "mostly conflict"]]);

  function layout(nodes, edges) {
    const k = Math.sqrt((width * height) / nodes.length) * 0.35;
    for (let step = 0; step < 400; step++) {
      const heat = 1 - step / 400;
      for (const a of nodes) {
        for (const b of nodes) {
          if (a === b) continue;
          const dx = a.x - b.x, dy = a.y - b.y, distance = Math.max(Math.hypot(dx, dy), 1);
          const force = (k * k) / distance / distance;
          a.vx += dx * force; a.vy += dy * force;
        }
      }
      for (const { source, target } of edges) {
        const dx = target.x - source.x, dy = target.y - source.y, distance = Math.max(Math.hypot(dx, dy), 1);
        const force = distance / k;
        source.vx += dx * force * 0.5; source.vy += dy * force * 0.5;
        target.vx -= dx * force * 0.5; target.vy -= dy * force * 0.5;
      }
      for (const node of nodes) {
        // A pull to the centre (stronger across the short side) keeps small groups of actors, which
        // repulsion alone would push to the edges, on the canvas.
        node.vx += (width / 2 - node.x) * 0.3; node.vy += (height / 2 - node.y) * 0.5;
        const speed = Math.hypot(node.vx, node.vy) || 1, limit = 30 * heat + 0.5;
        node.x += (node.vx / speed) * Math.min(speed, limit); node.y += (node.vy / speed) * Math.min(speed, limit);
        node.x = Math.min(width - 90, Math.max(20, node.x)); node.y = Math.min(height - 20, Math.max(20, node.y));
        node.vx = 0; node.vy = 0;
      }
    }
  }
});
