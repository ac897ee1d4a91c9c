// The map: country borders (GET /api/basemap) under the located events, one circle per place and quad.
// Plain longitude/latitude (equirectangular) coordinates: the SVG's user units are degrees, and zooming
// or panning only changes the viewBox, so circles are resized to keep their size on screen.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const { data, svg, html, label, withFilters, legend, QUADS, QUAD_COLOURS } = eventwire;
  const points = data().points;
  const container = document.getElementById("map");
  const map = svg("svg", { preserveAspectRatio: "xMidYMid meet" }, container);
  const countries = svg("g", { class: "countries" }, map);
  const layer = svg("g", { class: "points" }, map);
  const WORLD = [-180, -62, 360, 148]; // x, y (= -latitude), width, height: the inhabited world
  let view = fit(points);

  legend(document.getElementById("legend"), QUADS.map((quad) => [quad.toLowerCase(), label(quad)]));
  drawPoints();
  setView(view);
  zoomButtons();

  fetch("/api/basemap").then((response) => response.json()).then((borders) => {
    for (const feature of borders.features) {
      const path = svg("path", { class: "country", d: pathOf(feature.geometry) }, countries);
      svg("title", {}, path).textContent = feature.properties.name;
    }
    container.dataset.basemap = "loaded";
  });

  function pathOf(geometry) {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((rings) => rings.map((ring) =>
      "M" + ring.map(([lon, lat]) => `${lon},${-lat}`).join("L") + "Z").join("")).join("");
  }

  function drawPoints() {
    const sorted = [...points].sort((a, b) => b.reports - a.reports);
    for (const point of sorted) {
      const circle = svg("circle", { class: `point fill-${point.quad.toLowerCase()}`, cx: point.lon, cy: -point.lat,
                                     "data-reports": point.reports, fill: QUAD_COLOURS[point.quad] }, layer);
      svg("title", {}, circle).textContent = `${point.name || "?"}: ${point.reports} ${label(point.quad)} report(s)`;
      circle.addEventListener("click", (event) => { event.stopPropagation(); showEvents(point, circle); });
    }
  }

  function fit(found) {
    if (!found.length) return [...WORLD];
    const lons = found.map((p) => p.lon), lats = found.map((p) => -p.lat);
    let [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const width = Math.max(x1 - x0, 40) * 1.3, height = Math.max(y1 - y0, 20) * 1.3;
    return [(x0 + x1) / 2 - width / 2, (y0 + y1) / 2 - height / 2, width, height];
  }

  function setView(next) {
    view = next;
    map.setAttribute("viewBox", view.join(" "));
    // Circle radius in screen pixels, turned into degrees at the current zoom.
    const degreesPerPixel = Math.max(view[2] / container.clientWidth, view[3] / container.clientHeight);
    for (const circle of layer.children) {
      const pixels = Math.min(28, 3 + 2.5 * Math.sqrt(Number(circle.dataset.reports)));
      circle.setAttribute("r", pixels * degreesPerPixel);
    }
  }

  function zoom(factor, centre = null) {
    const [x, y, width, height] = view;
    const [cx, cy] = centre || [x + width / 2, y + height / 2];
    const w = Math.min(400, Math.max(2, width * factor)), h = height * (w / width);
    setView([cx - (cx - x) * (w / width), cy - (cy - y) * (w / width), w, h]);
  }

  function zoomButtons() {
    const box = html("div", "", { class: "zoom" }, container);
    for (const [text, action] of [["+", () => zoom(0.6)], ["−", () => zoom(1 / 0.6)], ["⌂", () => setView(fit(points))]]) {
      html("button", text, { type: "button", title: text === "⌂" ? "fit the points" : "zoom" }, box)
        .addEventListener("click", action);
    }
    container.addEventListener("wheel", (event) => {
      event.preventDefault();
      const point = toMap(event);
      zoom(event.deltaY < 0 ? 0.8 : 1.25, point);
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
    for (const selected of layer.querySelectorAll(".selected")) selected.classList.remove("selected");
    circle.classList.add("selected");
    const title = document.getElementById("place-title");
    const list = document.getElementById("place-list");
    title.textContent = `${point.name || "?"} (${point.country || "?"})`;
    list.replaceChildren();
    const query = withFilters("/api/map/events", { lat: point.lat, lon: point.lon, limit: 50 });
    fetch(query).then((response) => response.json()).then((page) => {
      title.textContent = `${point.name || "?"} (${point.country || "?"}): ${page.total} event(s)`;
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
