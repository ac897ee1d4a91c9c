// Shared by every page: the page's data, the records' vocabularies, SVG helpers and the filter form.
// Text from the store is only ever set with textContent, never parsed as HTML.
// The vocabularies (categories, quads, modalities, ...) are the server's, rendered into every page from the
// object GET /api/vocabularies answers with: the scripts hold no copy of them. Quad colours are the
// stylesheet's (classes fill-<quad>), so they too are written once.
"use strict";

const eventwire = (() => {
  const SVG = "http://www.w3.org/2000/svg";

  function data() {
    const element = document.getElementById("page-data");
    return element ? JSON.parse(element.textContent) : {};
  }

  const VOCABULARIES = JSON.parse(document.getElementById("vocabularies").textContent);
  const QUADS = VOCABULARIES.quads;

  // The class that paints a quad's colour (style.css): "fill-material_conflict".
  function quadClass(quad) {
    return `fill-${(quad || "").toLowerCase()}`;
  }

  function svg(name, attributes = {}, parent = null) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (parent) parent.appendChild(element);
    return element;
  }

  function html(name, text = "", attributes = {}, parent = null) {
    const element = document.createElement(name);
    if (text) element.textContent = text;
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (parent) parent.appendChild(element);
    return element;
  }

  function label(quad) {
    return (quad || "").replace("_", " ").toLowerCase();
  }

  // The current filters (the page's query string) with some values changed: links keep the filters.
  function withFilters(path, changes = {}) {
    const query = new URLSearchParams(window.location.search);
    query.delete("offset");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") query.delete(key); else query.set(key, value);
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  }

  function legend(container, entries) {
    for (const [css, text] of entries) html("span", text, { class: css }, container);
  }

  // Empty fields are left out of the URL, so a shared address carries only the filters in use.
  document.addEventListener("DOMContentLoaded", () => {
    // The event view opens its article at the evidence sentence (scrolling the article, not the page).
    const evidence = document.getElementById("evidence");
    const article = evidence && evidence.closest(".text");
    if (article) article.scrollTop = Math.max(0, evidence.offsetTop - article.clientHeight / 3);
    const form = document.getElementById("filters");
    if (!form) return;
    form.addEventListener("submit", () => {
      for (const field of form.querySelectorAll("input, select")) {
        if (!field.value) field.disabled = true;
      }
    });
  });

  return { data, svg, html, label, withFilters, legend, quadClass, VOCABULARIES, QUADS };
})();
