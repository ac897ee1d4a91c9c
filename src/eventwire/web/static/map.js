// The map: country borders (GET /api/basemap) under the located events.
// Plain longitude/latitude (equirectangular) coordinates: the SVG's user units are degrees, and zooming
// or panning only changes the viewBox, so markers and labels are redrawn to keep their size on screen.
//
// What an analyst reads at each zoom:
// * a place is one circle per quad, sized by reports; places whose markers would touch on screen are
//   merged into one numbered cluster (grid clustering: places sharing a cell of CLUSTER_PIXELS), which
//   opens as the map zooms in (or on a click);
// * events placed only at a country or wider region sit at its centre point, where they would read as
//   an event in the middle of Kansas or Siberia: they are drawn apart, as rings, and off until asked for;
// * places are labelled once the map shows a region (LABEL_DEGREES wide or less), biggest first, and a
//   label that would overlap another is left out.
"use strict";

const CLUSTER_PIXELS = 44;
const LABEL_DEGREES = 120;
const FIT_DEGREES = 10;
const BROAD = new Set(["country", "region"]);

document.addEventListener("DOMContentLoaded", () => {
  const { data, svg, html, label, withFilters, legend, quadClass, QUADS } = eventwire;
  const points = data().points;
  const container = document.getElementById("map");
  const showBroad = document.getElementById("show-broad");
  const map = svg("svg", { preserveAspectRatio: "xMidYMid meet" }, container);
  const countries = svg("g", { class: "countries" }, map);
  const layer = svg("g", { class: "points" }, map);
  const labels = svg("g", { class: "labels" }, map);
  const WORLD = [-180, -62, 360, 148]; // x, y (= -latitude), width, height: the inhabited world
  const places = placesOf(points);
  let view = fit(shown());
  let selected = null;

  legend(document.getElementById("legend"), QUADS.map((quad) => [quad.toLowerCase(), label(quad)]));
  setView(view);
  zoomButtons();
  showBroad.addEventListener("change", () => draw());
  document.getElementById("broad-count").textContent = countOf(places.filter((p) => p.broad));

  fetch("/api/basemap").then((response) => response.json()).then((borders) => {
    for (const feature of borders.features) {
      const path = svg("path", { class: "country", d: pathOf(feature.geometry) }, countries);
      svg("title", {}, path).textContent = feature.properties.name;
    }
    container.dataset.basemap = "loaded";
  });

  // Points come one per place and quad; a place gathers its quads.
  function placesOf(found) {
    const byPlace = new Map();
    for (const point of found) {
      const key = `${point.lat},${point.lon}`;
      if (!byPlace.has(key)) {
        byPlace.set(key, { lat: point.lat, lon: point.lon, name: point.name, country: point.country,
                          broad: BROAD.has(point.precision), reports: 0, points: [] });
      }
      const place = byPlace.get(key);
      place.points.push(point);
      place.reports += point.reports;
    }
    return [...byPlace.values()].sort((a, b) => b.reports - a.reports);
  }

  function shown() {
    return places.filter((place) => showBroad.checked || !place.broad);
  }

  function countOf(found) {
    const reports = found.reduce((sum, place) => sum + place.reports, 0);
    return `${reports} ${reports === 1 ? "report" : "reports"}`;
  }

  function pathOf(geometry) {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((rings) => rings.map((ring) =>
      "M" + ring.map(([lon, lat]) => `${lon},${-lat}`).join("L") + "Z").join("")).join("");
  }

  function degreesPerPixel() {
    return Math.max(view[2] / container.clientWidth, view[3] / container.clientHeight);
  }

  function radius(reports) {
    return Math.min(28, 3 + 2.5 * Math.sqrt(reports));
  }

  // Places whose markers share a grid cell on screen, at this zoom. Rings (broad places) never cluster:
  // they are drawn apart on purpose.
  function clusters(found, scale) {
    const cells = new Map();
    for (const place of found) {
      const key = place.broad ? `ring ${place.lat},${place.lon}`
        : `${Math.floor(place.lon / scale / CLUSTER_PIXELS)},${Math.floor(-place.lat / scale / CLUSTER_PIXELS)}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(place);
    }
    return [...cells.values()];
  }

  function draw() {
    layer.replaceChildren();
    labels.replaceChildren();
    const scale = degreesPerPixel();
    const groups = clusters(shown(), scale);
    const singles = [];
    // Largest first, so small markers are drawn over large ones and stay clickable.
    groups.sort((a, b) => total(b) - total(a));
    for (const group of groups) {
      if (group.length === 1) singles.push(group[0]); else drawCluster(group, scale);
    }
    for (const place of singles) drawPlace(place, scale);
    if (view[2] <= LABEL_DEGREES) labelPlaces(singles, scale);
    container.dataset.zoom = view[2].toFixed(1);
  }

  function total(group) {
    return group.reduce((sum, place) => sum + place.reports, 0);
  }

  function drawPlace(place, scale) {
    for (const point of [...place.points].sort((a, b) => b.reports - a.reports)) {
      const kind = place.broad ? "point ring" : "point";
      // The quad's class paints a place's circle, or the ring of a place known only at country level (style.css).
      const circle = svg("circle", { class: `${kind} ${quadClass(point.quad)}`, cx: point.lon, cy: -point.lat,
                                     r: radius(point.reports) * scale, "data-reports": point.reports,
                                     "data-precision": point.precision }, layer);
      const where = place.broad ? ` (placed only at ${point.precision} level)` : "";
      const noun = point.reports === 1 ? "report" : "reports";
      svg("title", {}, circle).textContent = `${point.name || "?"}${where}: ${point.reports} ${label(point.quad)} ${noun}`;
      if (selected && selected.lat === point.lat && selected.lon === point.lon) circle.classList.add("selected");
      circle.addEventListener("click", (event) => { event.stopPropagation(); showEvents(point, circle); });
    }
  }

  function drawCluster(group, scale) {
    const reports = total(group);
    const lon = group.reduce((sum, p) => sum + p.lon * p.reports, 0) / reports;
    const lat = group.reduce((sum, p) => sum + p.lat * p.reports, 0) / reports;
    const byQuad = {};
    for (const place of group) for (const point of place.points) byQuad[point.quad] = (byQuad[point.quad] || 0) + point.reports;
    const quad = Object.entries(byQuad).sort((a, b) => b[1] - a[1])[0][0];
    const r = (radius(reports) + 6) * scale;
    const marker = svg("g", { class: "cluster", "data-places": group.length, "data-reports": reports }, layer);
    svg("circle", { cx: lon, cy: -lat, r, class: quadClass(quad) }, marker);
    const count = svg("text", { x: lon, y: -lat, "font-size": 11 * scale, dy: "0.35em", "text-anchor": "middle" }, marker);
    count.textContent = String(group.length);
    const names = group.slice(0, 5).map((p) => p.name || "?").join(", ") + (group.length > 5 ? ", …" : "");
    svg("title", {}, marker).textContent = `${group.length} places, ${reports} reports: ${names}. Click to zoom in.`;
    marker.addEventListener("click", (event) => {
      event.stopPropagation();
      const next = fit(group, 0);
      // Always at least halve the view, so places at one spot still come apart in a few clicks.
      setView(next[2] < view[2] / 2 ? next : zoomedView(0.5, [lon, -lat]));
    });
  }

  // Labels for the biggest places first; one that would overlap a label or marker already placed is
  // left out (it can be read on hover, or after zooming in).
  function labelPlaces(found, scale) {
    const taken = found.map((place) => box(place.lon, -place.lat, radius(place.reports) * scale, radius(place.reports) * scale));
    for (const place of found) {
      if (!place.name) continue;
      const r = radius(place.reports) * scale;
      const width = place.name.length * 6.2 * scale, height = 12 * scale;
      const x = place.lon + r + 3 * scale, y = -place.lat;
      const area = { x0: x, y0: y - height / 2, x1: x + width, y1: y + height / 2 };
      if (taken.some((other) => overlaps(area, other))) continue;
      taken.push(area);
      const text = svg("text", { class: "place-label", x, y, dy: "0.35em", "font-size": 11 * scale,
                                 "stroke-width": 3 * scale }, labels);
      text.textContent = place.name;
    }
  }

  function box(x, y, halfWidth, halfHeight) {
    return { x0: x - halfWidth, y0: y - halfHeight, x1: x + halfWidth, y1: y + halfHeight };
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function fit(found, minimum = 1) {
    if (!found.length) return [...WORLD];
    const lons = found.map((p) => p.lon), lats = found.map((p) => -p.lat);
    let [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    // At least a country's breadth (FIT_DEGREES) around the places, so one place does not fill the map.
    const width = Math.max(x1 - x0, minimum ? FIT_DEGREES : 2) * 1.3, height = Math.max(y1 - y0, minimum ? FIT_DEGREES / 2 : 1) * 1.3;
    return [(x0 + x1) / 2 - width / 2, (y0 + y1) / 2 - height / 2, width, height];
  }

  function setView(next) {
    view = next;
    map.setAttribute("viewBox", view.join(" "));
    draw();
  }

  function zoomedView(factor, centre = null) {
    const [x, y, width, height] = view;
    const [cx, cy] = centre || [x + width / 2, y + height / 2];
    const w = Math.min(400, Math.max(0.5, width * factor)), h = height * (w / width);
    return [cx - (cx - x) * (w / width), cy - (cy - y) * (w / width), w, h];
  }

  function zoom(factor, centre = null) {
    setView(zoomedView(factor, centre));
  }

  function zoomButtons() {
    const box = html("div", "", { class: "zoom" }, container);
    for (const [text, action] of [["+", () => zoom(0.6)], ["−", () => zoom(1 / 0.6)], ["⌂", () => setView(fit(shown()))]]) {
      html("button", text, { type: "button", title: text === "⌂" ? "fit the points" : "zoom" }, box)
        .addEventListener("click", action);
    }
    container.addEventListener("wheel", (event) => {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 0.8 : 1.25, toMap(event));
    }, { passive: false });
    let dragging = null;
    map.addEventListener("pointerdown", (event) => { dragging = [event.clientX, event.clientY, [...view]]; });
    window.addEventListener("pointerup", () => { dragging = null; });
    map.addEventListener("pointermove", (event) => {
      if (!dragging) return;
      const [sx, sy, start] = dragging;
      const scale = Math.max(start[2] / container.clientWidth, start[3] / container.clientHeight);
      setView([start[0] - (event.clientX - sx) * scale, start[1] - (event.clientY - sy) * scale, start[2], start[3]]);
    });
  }

  function toMap(event) {
    const matrix = map.getScreenCTM().inverse();
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    return [point.x, point.y];
  }

  function showEvents(point, circle) {
    for (const marked of layer.querySelectorAll(".selected")) marked.classList.remove("selected");
    circle.classList.add("selected");
    selected = point;
    const title = document.getElementById("place-title");
    const list = document.getElementById("place-list");
    title.textContent = `${point.name || "?"} (${point.country || "?"})`;
    list.replaceChildren();
    const query = withFilters("/api/map/events", { lat: point.lat, lon: point.lon, limit: 50 });
    fetch(query).then((response) => response.json()).then((page) => {
      const noun = page.total === 1 ? "event" : "events";
      title.textContent = `${point.name || "?"} (${point.country || "?"}): ${page.total} ${noun}`;
      for (const event of page.items) {
        const item = html("li", "", {}, list);
        html("a", event.event, { href: withFilters(`/events/${encodeURIComponent(event.id)}`) }, item);
        html("span", ` ${label(event.quad)} `, { class: `quad ${event.quad.toLowerCase()}` }, item);
        const names = (actors) => actors.map((a) => a.name).join(", ") || "—";
        html("span", ` ${names(event.actor)} → ${names(event.recipient)}`, {}, item);
        html("div", `${event.date || (event.doc_date || "").slice(0, 10)} · ${event.source || ""}`, { class: "muted" }, item);
      }
    });
  }
});
