// Query editor: examples, run against the SPARQL endpoint with fetch, table view, CSV/JSON
// downloads and a permalink. Everything is inserted with textContent (never as HTML).
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var editor = document.getElementById("query");
  var picker = document.getElementById("examples");
  var description = document.getElementById("example-description");
  var statusLine = document.getElementById("status");
  var output = document.getElementById("result-table");
  var permalink = document.getElementById("permalink");
  var csvLink = document.getElementById("download-csv");
  var jsonLink = document.getElementById("download-json");
  var endpoint = form.getAttribute("data-endpoint");
  var base = form.getAttribute("data-base") || "";
  var examples = JSON.parse(document.getElementById("example-data").textContent || "[]");
  var strings = JSON.parse(document.getElementById("ui-strings").textContent || "{}");
  var urls = [];

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function updatePermalink() {
    var url = window.location.pathname + "?query=" + encodeURIComponent(editor.value);
    permalink.setAttribute("href", url);
    return url;
  }

  function setDownload(link, body, type, name) {
    var url = URL.createObjectURL(new Blob([body], { type: type }));
    urls.push(url);
    link.setAttribute("href", url);
    link.setAttribute("download", name);
    link.classList.remove("disabled");
    link.removeAttribute("aria-disabled");
  }

  function resetDownloads() {
    urls.forEach(function (url) { URL.revokeObjectURL(url); });
    urls = [];
    [csvLink, jsonLink].forEach(function (link) {
      link.removeAttribute("href");
      link.classList.add("disabled");
      link.setAttribute("aria-disabled", "true");
    });
  }

  function localHref(iri) {
    if (base && iri.indexOf(base) === 0 && iri.length > base.length) { return "/id/" + iri.slice(base.length); }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = localHref(term.value);
      var node = document.createElement(href ? "a" : "span");
      if (href) { node.setAttribute("href", href); }
      node.textContent = term.value;
      td.appendChild(node);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) {
        var small = document.createElement("small");
        small.className = "muted";
        small.textContent = " @" + term["xml:lang"];
        td.appendChild(small);
      }
    }
    return td;
  }

  function csvField(term) {
    if (!term) { return ""; }
    var value = term.type === "bnode" ? "_:" + term.value : term.value;
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function showTable(data) {
    var vars = data.head.vars || [];
    var rows = data.results.bindings;
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    vars.forEach(function (name) {
      var th = document.createElement("th");
      th.setAttribute("scope", "col");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (name) { tr.appendChild(cell(row[name])); });
    });
    output.appendChild(table);
    var lines = [vars.join(",")].concat(rows.map(function (row) {
      return vars.map(function (name) { return csvField(row[name]); }).join(",");
    }));
    setDownload(csvLink, lines.join("\r\n") + "\r\n", "text/csv", "results.csv");
    return rows.length;
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    var query = editor.value;
    var url = updatePermalink();
    window.history.replaceState(null, "", url);
    resetDownloads();
    output.textContent = "";
    statusLine.className = "muted";
    statusLine.textContent = strings.running || "…";
    var started = performance.now();
    fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1"
      },
      body: new URLSearchParams({ query: query }).toString()
    }).then(function (response) {
      return response.text().then(function (text) {
        var ms = Math.round(performance.now() - started);
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        if (!response.ok) { throw new Error(response.status + " " + response.statusText + "\n" + text); }
        if (type === "application/sparql-results+json" || type === "application/json") {
          var data = JSON.parse(text);
          setDownload(jsonLink, text, "application/sparql-results+json", "results.json");
          var count;
          if (typeof data.boolean === "boolean") {
            var p = document.createElement("p");
            p.className = "boolean";
            p.textContent = String(data.boolean);
            output.appendChild(p);
            count = 1;
          } else {
            count = showTable(data);
          }
          statusLine.textContent = format(strings.rows || "{n} rows in {ms} ms", { n: count, ms: ms });
        } else {
          var pre = document.createElement("pre");
          pre.textContent = text;
          output.appendChild(pre);
          setDownload(jsonLink, text, type || "text/plain", "results.ttl");
          statusLine.textContent = ms + " ms";
        }
      });
    }).catch(function (error) {
      statusLine.className = "error";
      statusLine.textContent = (strings.error || "Error") + ": " + error.message;
    });
  }

  picker.addEventListener("change", function () {
    var chosen = examples.filter(function (q) { return q.name === picker.value; })[0];
    if (!chosen) { return; }
    editor.value = chosen.text;
    description.textContent = chosen.description || "";
    updatePermalink();
  });
  editor.addEventListener("input", updatePermalink);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(event); }
  });
  form.addEventListener("submit", run);
})();
