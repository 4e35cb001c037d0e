/* Interactive responsibility network for /network (Cytoscape.js, vendored beside this file).
   Reads /network/data.json (URL in #network-view[data-src]); filters re-fetch without a reload;
   clicking a node opens its resource page, clicking an edge shows its quote. No inline script. */
(function () {
  "use strict";

  var container = document.getElementById("network-view");
  if (!container || typeof cytoscape !== "function") { return; }
  var form = document.querySelector("form.network-filters");
  var counts = document.getElementById("network-counts");
  var details = document.getElementById("network-details");
  var cy = null;

  function shapeOf(shape) { return shape === "rectangle" ? "rectangle" : shape; }

  function stylesheet(style) {
    var rules = [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 4,
          "text-wrap": "ellipsis", "text-max-width": 160, "width": 18, "height": 18,
          "border-width": 1, "border-color": "#333", "background-color": "#fff" } },
      { selector: "edge", style: {
          "width": 2, "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#777", "target-arrow-color": "#777", "opacity": 0.85 } },
      { selector: "edge[relation = 'delegation']", style: { "line-style": "dashed" } },
      { selector: ":selected", style: { "border-width": 3, "width": 4 } },
      { selector: "node:selected", style: { "width": 24, "height": 24 } }
    ];
    style.categories.forEach(function (c) {
      rules.push({ selector: "node[category = '" + c.category + "']",
                   style: { "background-color": c.colour, "shape": shapeOf(c.shape) } });
    });
    style.roles.forEach(function (r) {
      rules.push({ selector: "edge[role = '" + r.role + "']",
                   style: { "line-color": r.colour, "target-arrow-color": r.colour } });
    });
    return rules;
  }

  function colourLegend(style) {
    style.roles.forEach(function (r) {
      document.querySelectorAll(".swatch.role-" + r.role).forEach(function (el) { el.style.background = r.colour; });
    });
    style.categories.forEach(function (c) {
      document.querySelectorAll(".swatch.category-" + c.category).forEach(function (el) { el.style.background = c.colour; });
    });
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function add(parent, tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    parent.appendChild(el);
    return el;
  }

  function showEdge(edge) {
    clear(details);
    var d = edge.data();
    var source = cy.getElementById(d.source).data("label");
    var target = cy.getElementById(d.target).data("label");
    add(details, "p", source + " → " + target);
    add(details, "p", d.role_label).className = "role";
    if (d.quote) { add(details, "blockquote", "“" + d.quote + "”"); }
    if (d.source_href) {
      add(details, "a", container.getAttribute("data-source-label") || d.id, { href: d.source_href, title: d.id });
    }
  }

  function showNode(node) {
    clear(details);
    var d = node.data();
    if (d.href) { add(details, "a", d.label, { href: d.href }); } else { add(details, "p", d.label); }
    add(details, "p", [d.kind, d.province].filter(Boolean).join(" · "));
  }

  function draw(data) {
    colourLegend(data.style);
    counts.textContent = data.counts.text;
    if (cy) { cy.destroy(); cy = null; }
    container.classList.toggle("empty", data.elements.nodes.length === 0);
    clear(container);
    if (data.elements.nodes.length === 0) { container.textContent = container.getAttribute("data-empty"); return; }
    cy = cytoscape({
      container: container, elements: data.elements, style: stylesheet(data.style),
      layout: { name: "preset", fit: true, padding: 30 }, wheelSensitivity: 0.3,
      selectionType: "single", boxSelectionEnabled: false
    });
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href) { window.location.assign(href); } else { showNode(evt.target); }
    });
    cy.on("mouseover", "node", function (evt) { showNode(evt.target); });
    cy.on("tap", "edge", function (evt) { showEdge(evt.target); });
    window.nghiquyetNetwork = cy;
    container.setAttribute("data-ready", "true");
  }

  function load(url) {
    container.removeAttribute("data-ready");
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      })
      .then(draw)
      .catch(function (err) { counts.textContent = String(err); });
  }

  function dataUrl() {
    var url = new URL(container.getAttribute("data-src"), window.location.href);
    ["province", "document", "role"].forEach(function (name) {
      var field = form ? form.elements[name] : null;
      if (field && field.value) { url.searchParams.set(name, field.value); } else { url.searchParams.delete(name); }
    });
    return url;
  }

  if (form) {
    form.addEventListener("change", function () {
      var url = dataUrl();
      var page = new URL(window.location.href);
      ["province", "document", "role"].forEach(function (name) {
        var value = url.searchParams.get(name);
        if (value) { page.searchParams.set(name, value); } else { page.searchParams.delete(name); }
      });
      window.history.replaceState(null, "", page);
      load(url);
    });
  }
  load(container.getAttribute("data-src"));
})();
