// The actor network: a small force layout (repulsion between actors, springs along pairs), run to rest
// before drawing so the picture does not move; it starts from a circle, so the same data gives the same picture.
//
// What keeps it readable: generic actors (unnamed people, forces, troops, officials: the server marks
// them `generic`) are hidden until asked for, since they join everything to everything at the centre; a
// minimum-events slider leaves out the actors with fewer events; a node's area follows its event count;
// labels are placed biggest actor first, beside their node where there is room, and left out (the name
// is still on hover) where every place beside it would overlap another label or node.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const { data, svg, html, withFilters } = eventwire;
  const graph = data();
  const container = document.getElementById("network");
  const showGeneric = document.getElementById("show-generic");
  const minimum = document.getElementById("min-events");
  const minimumShown = document.getElementById("min-events-value");
  if (!graph.nodes.length) { html("p", "No actor pairs for these filters.", { class: "muted" }, container); return; }
  const width = 1200, height = 680;
  const most = Math.max(...graph.nodes.map((node) => node.events), 1);
  minimum.max = String(most);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}` }, container);
  const defs = svg("defs", {}, chart);
  for (const kind of ["cooperation", "conflict", "mixed"]) {
    const marker = svg("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerUnits: "userSpaceOnUse",
                                   markerWidth: 9, markerHeight: 9, orient: "auto-start-reverse" }, defs);
    svg("path", { d: "M0,0L10,5L0,10z" }, marker);
  }
  const edgeLayer = svg("g", { class: "edges" }, chart);
  const nodeLayer = svg("g", { class: "nodes" }, chart);
  const labelLayer = svg("g", { class: "labels" }, chart);
  eventwire.legend(container.parentElement.appendChild(html("div", "", { class: "legend" })),
                   [["cooperation", "mostly cooperation"], ["conflict", "mostly conflict"]]);
  showGeneric.addEventListener("change", draw);
  minimum.addEventListener("input", draw);
  draw();

  function radius(node) {
    return 4 + 14 * Math.sqrt(node.events / most);
  }

  function draw() {
    minimumShown.textContent = minimum.value;
    const least = Number(minimum.value);
    const kept = graph.nodes.filter((node) => (showGeneric.checked || !node.generic) && node.events >= least);
    const nodes = kept.map((node, index) => {
      const angle = (2 * Math.PI * index) / kept.length;
      return { ...node, x: width / 2 + 250 * Math.cos(angle), y: height / 2 + 250 * Math.sin(angle), vx: 0, vy: 0 };
    });
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const edges = graph.edges.filter((edge) => byId.has(edge.actor) && byId.has(edge.recipient))
      .map((edge) => ({ ...edge, source: byId.get(edge.actor), target: byId.get(edge.recipient) }));
    layout(nodes, edges);
    edgeLayer.replaceChildren();
    nodeLayer.replaceChildren();
    labelLayer.replaceChildren();
    drawEdges(edges);
    for (const node of nodes) {
      const group = svg("a", { class: `node${node.generic ? " generic" : ""}`, href: withFilters("/network", { actor: node.id }),
                               "data-events": node.events }, nodeLayer);
      svg("circle", { cx: node.x, cy: node.y, r: radius(node) }, group);
      svg("title", {}, group).textContent =
        `${node.id}${node.country ? " (" + node.country + ")" : ""}: ${node.events} ${node.events === 1 ? "event" : "events"}`;
    }
    placeLabels(nodes);
    container.dataset.nodes = String(nodes.length);
  }

  function drawEdges(edges) {
    const heaviest = Math.max(...edges.map((edge) => edge.events), 1);
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
                                 "stroke-width": 1 + 6 * Math.sqrt(edge.events / heaviest), "marker-end": `url(#arrow-${kind})` }, edgeLayer);
      svg("title", {}, path).textContent =
        `${edge.actor} → ${edge.recipient}: ${edge.events} ${edge.events === 1 ? "event" : "events"} (${edge.cooperation} cooperation, ${edge.conflict} conflict)`;
    }
  }

  // Biggest actors first: try right of the node, left, above, below; keep the first spot that overlaps
  // no label and no other node, else leave the label out.
  function placeLabels(nodes) {
    const taken = nodes.map((node) => ({ node, ...box(node.x - radius(node), node.y - radius(node), 2 * radius(node), 2 * radius(node)) }));
    for (const node of [...nodes].sort((a, b) => b.events - a.events)) {
      const text = svg("text", { class: "label" }, labelLayer);
      text.textContent = node.id;
      const size = text.getBBox();
      const r = radius(node) + 3;
      const spots = [[node.x + r, node.y + 4], [node.x - r - size.width, node.y + 4],
                     [node.x - size.width / 2, node.y - r - 2], [node.x - size.width / 2, node.y + r + size.height - 2]];
      const spot = spots.map(([x, y]) => ({ x, y, ...box(x, y - size.height + 3, size.width, size.height) }))
        .find((place) => place.x0 >= 0 && place.x1 <= width && place.y0 >= 0 && place.y1 <= height &&
              !taken.some((other) => other.node !== node && overlaps(place, other)));
      if (!spot) { text.remove(); continue; }
      text.setAttribute("x", spot.x);
      text.setAttribute("y", spot.y);
      taken.push({ node: null, ...spot });
    }
  }

  function box(x, y, w, h) {
    return { x0: x, y0: y, x1: x + w, y1: y + h };
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function layout(nodes, edges) {
    if (!nodes.length) return;
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
