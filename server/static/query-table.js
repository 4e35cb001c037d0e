// Results of /query as a paged, sortable table: only the rows of the current page are drawn, IRIs
// are shown by label (POST /query/labels, per page) or prefixed name and link to the local pages.
// Everything is inserted with textContent. Exposes window.NQResults.show(container, table, options).
(function () {
  "use strict";
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|gYear)$/;
  var PAGE_SIZES = [25, 100, 500];
  var collator = new Intl.Collator(["vi", "en"], { numeric: true, sensitivity: "base" });
  var labelCache = {};

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  /** Where an IRI is shown on this site, or null for IRIs of other sites (shown, not linked). */
  function localHref(iri, options) {
    var base = options.base;
    if (base && iri.indexOf(base) === 0 && iri.length > base.length) { return "/id/" + iri.slice(base.length); }
    if (options.ontology && iri.indexOf(options.ontology) === 0 && iri.length > options.ontology.length) {
      return "/ontology#" + iri.slice(options.ontology.length);
    }
    var site = options.site;
    if (site && iri.indexOf(site) === 0 && iri.length > site.length) { return "/" + iri.slice(site.length); }
    return null;
  }

  /** ``prefix:local`` from the query's and the server's prefixes, the path of our own IRIs, else the IRI. */
  function compact(iri, options) {
    if (options.base && iri.indexOf(options.base) === 0 && iri.length > options.base.length) {
      return iri.slice(options.base.length);
    }
    var best = null;
    Object.keys(options.prefixes).forEach(function (name) {
      var ns = options.prefixes[name];
      if (ns && iri.indexOf(ns) === 0 && /^[\w.-]*$/.test(iri.slice(ns.length)) && (!best || ns.length > best[1].length)) {
        best = [name, ns];
      }
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function sortKey(term, options) {
    if (!term) { return null; }
    if (term.type === "uri") { return { text: compact(term.value, options) }; }
    if (term.type === "literal" && term.datatype && NUMERIC.test(term.datatype) && !isNaN(Number(term.value))) {
      return { number: Number(term.value), text: term.value };
    }
    return { text: term.value };
  }

  function compare(a, b) {
    if (a === null || b === null) { return a === b ? 0 : (a === null ? 1 : -1); }  // unbound last
    if (a.number !== undefined && b.number !== undefined) { return a.number - b.number; }
    if (a.number !== undefined) { return -1; }
    if (b.number !== undefined) { return 1; }
    return collator.compare(a.text, b.text);
  }

  function cell(term, options) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = localHref(term.value, options);
      var node = document.createElement(href ? "a" : "span");
      if (href) { node.setAttribute("href", href); }
      node.className = "iri";
      node.setAttribute("title", term.value);
      node.setAttribute("data-iri", term.value);
      node.textContent = labelCache[term.value] || compact(term.value, options);
      td.appendChild(node);
      return td;
    }
    if (term.type === "bnode") { td.textContent = "_:" + term.value; return td; }
    var value = document.createElement("span");
    value.className = "literal";
    value.textContent = term.value;
    td.appendChild(value);
    if (term.datatype && NUMERIC.test(term.datatype)) { td.className = "num"; }
    var note = term["xml:lang"] ? "@" + term["xml:lang"]
      : (term.datatype && !/#string$/.test(term.datatype) ? compact(term.datatype, options) : "");
    if (note) {
      var small = document.createElement("small");
      small.className = "muted";
      small.textContent = " " + note;
      td.appendChild(small);
    }
    return td;
  }

  /** Ask the server for the labels of the IRIs on this page that have none cached yet, then name them. */
  function nameIris(body, options) {
    var wanted = {};
    body.querySelectorAll("[data-iri]").forEach(function (node) {
      var iri = node.getAttribute("data-iri");
      if (!(iri in labelCache)) { wanted[iri] = true; }
    });
    var iris = Object.keys(wanted);
    if (!iris.length || !options.labelsUrl) { return Promise.resolve(); }
    return fetch(options.labelsUrl, {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ iris: iris })
    }).then(function (response) { return response.ok ? response.json() : { labels: {} }; }).then(function (data) {
      iris.forEach(function (iri) { labelCache[iri] = (data.labels || {})[iri] || ""; });
      body.querySelectorAll("[data-iri]").forEach(function (node) {
        var label = labelCache[node.getAttribute("data-iri")];
        if (label) { node.textContent = label; }
      });
    }).catch(function () { /* labels are a nicety: the prefixed names stay */ });
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  /** Show ``table`` ({vars, rows: [{var: term}]}) in ``container``, one page at a time. */
  function show(container, table, options) {
    var strings = options.strings || {};
    var vars = table.vars;
    var order = table.rows.map(function (_, i) { return i; });
    var state = { page: 0, size: PAGE_SIZES[1], sortBy: null, descending: false };
    container.textContent = "";
    var wrap = document.createElement("div");
    wrap.className = "scroll";
    var grid = document.createElement("table");
    grid.className = "results";
    var headRow = grid.createTHead().insertRow();
    var body = grid.createTBody();
    var paging = document.createElement("div");
    paging.className = "paging results-paging";
    var prev = button(strings.prev || "←", function () { state.page -= 1; draw(); });
    var next = button(strings.next || "→", function () { state.page += 1; draw(); });
    var where = document.createElement("span");
    where.className = "page-position";
    var sizeLabel = document.createElement("label");
    sizeLabel.textContent = (strings.per_page || "Rows per page") + " ";
    var size = document.createElement("select");
    PAGE_SIZES.forEach(function (n) {
      var option = document.createElement("option");
      option.value = String(n);
      option.textContent = String(n);
      option.selected = n === state.size;
      size.appendChild(option);
    });
    size.addEventListener("change", function () { state.size = Number(size.value); state.page = 0; draw(); });
    sizeLabel.appendChild(size);
    paging.appendChild(prev);
    paging.appendChild(where);
    paging.appendChild(next);
    paging.appendChild(sizeLabel);

    vars.forEach(function (name, column) {
      var th = document.createElement("th");
      th.setAttribute("scope", "col");
      th.setAttribute("aria-sort", "none");
      var sorter = document.createElement("button");
      sorter.type = "button";
      sorter.className = "sort";
      sorter.textContent = name;
      sorter.setAttribute("title", strings.sort || "Sort");
      sorter.addEventListener("click", function () { sortOn(column); });
      th.appendChild(sorter);
      headRow.appendChild(th);
    });

    function sortOn(column) {
      state.descending = state.sortBy === column ? !state.descending : false;
      state.sortBy = column;
      var name = vars[column];
      var keys = table.rows.map(function (row) { return sortKey(row[name], options); });
      order.sort(function (a, b) {
        var c = compare(keys[a], keys[b]);
        if (keys[a] === null || keys[b] === null) { return c || a - b; }  // unbound stays last either way
        return (state.descending ? -c : c) || a - b;
      });
      headRow.querySelectorAll("th").forEach(function (th, i) {
        th.setAttribute("aria-sort", i === column ? (state.descending ? "descending" : "ascending") : "none");
      });
      state.page = 0;
      draw();
    }

    function draw() {
      var pages = Math.max(1, Math.ceil(order.length / state.size));
      state.page = Math.max(0, Math.min(state.page, pages - 1));
      var start = state.page * state.size;
      var fresh = document.createElement("tbody");
      order.slice(start, start + state.size).forEach(function (index) {
        var tr = fresh.insertRow();
        var row = table.rows[index];
        vars.forEach(function (name) { tr.appendChild(cell(row[name], options)); });
      });
      grid.replaceChild(fresh, body);
      body = fresh;
      where.textContent = format(strings.page_of || "{page} / {pages}", {
        page: state.page + 1, pages: pages, from: order.length ? start + 1 : 0,
        to: Math.min(order.length, start + state.size), total: order.length
      });
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      paging.hidden = order.length <= PAGE_SIZES[0];
      nameIris(body, options);
    }

    wrap.appendChild(grid);
    container.appendChild(wrap);
    container.appendChild(paging);
    draw();
    return { sortOn: sortOn };
  }

  window.NQResults = { show: show, compact: compact };
})();
