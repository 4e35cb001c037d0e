// The query page: runs the editor's text against the SPARQL endpoint, shows the results (query-table.js),
// marks the server's parse error (query-editor.js), offers downloads in every format of the query form,
// keeps the permalink in step and runs a permalinked query on opening. Text goes in with textContent.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var textarea = document.getElementById("query");
  var picker = document.getElementById("examples");
  var description = document.getElementById("example-description");
  var statusLine = document.getElementById("status");
  var errorBox = document.getElementById("query-error");
  var output = document.getElementById("result-table");
  var permalink = document.getElementById("permalink");
  var endpoint = form.getAttribute("data-endpoint");
  var examples = JSON.parse(document.getElementById("example-data").textContent || "[]");
  var strings = JSON.parse(document.getElementById("ui-strings").textContent || "{}");
  var prefixes = JSON.parse(document.getElementById("prefix-data").textContent || "{}");
  var nonceTag = document.querySelector("meta[name=nq-style-nonce]");
  var tableOptions = {
    base: form.getAttribute("data-base") || "", ontology: form.getAttribute("data-ontology") || "",
    site: form.getAttribute("data-site") || "",
    labelsUrl: form.getAttribute("data-labels"), strings: strings, prefixes: prefixes
  };
  var editor = null;
  var running = null;

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function text() { return editor ? editor.getText() : textarea.value; }

  function pageUrl(query) { return window.location.pathname + "?query=" + encodeURIComponent(query); }

  function updateLinks() {
    var query = text();
    permalink.setAttribute("href", pageUrl(query));
    document.querySelectorAll("a.download").forEach(function (link) {
      link.setAttribute("href", endpoint + "?" + new URLSearchParams({ query: query, format: link.getAttribute("data-format") }).toString());
    });
  }

  /** Show the downloads of one query form ("results" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE). */
  function showDownloads(kind) {
    document.querySelectorAll(".downloads").forEach(function (group) {
      group.hidden = group.getAttribute("data-kind") !== kind;
    });
  }

  function showError(message) {
    statusLine.className = "error";
    statusLine.textContent = strings.error || "Error";
    errorBox.hidden = false;
    errorBox.textContent = "";
    var at = /error at (\d+):(\d+)/.exec(message);
    if (at && editor) {
      var line = Number(at[1]);
      var column = Number(at[2]);
      var jump = document.createElement("button");
      jump.type = "button";
      jump.className = "secondary error-position";
      jump.textContent = format(strings.error_at, { line: line, column: column });
      jump.addEventListener("click", function () { editor.showError(line, column, message); editor.focus(); });
      errorBox.appendChild(jump);
      editor.showError(line, column, message);
    }
    var detail = document.createElement("pre");
    detail.textContent = message;
    errorBox.appendChild(detail);
  }

  function unescapeNt(value) {
    return value.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, function (_, u4, u8, c) {
      if (u4 || u8) { return String.fromCodePoint(parseInt(u4 || u8, 16)); }
      return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f" }[c] || c;
    });
  }

  var NT_TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;

  /** N-Triples (a CONSTRUCT/DESCRIBE answer) as a table of subject, predicate, object. */
  function triplesTable(body) {
    var rows = [];
    body.split("\n").forEach(function (line) {
      if (!line.trim() || line.trim().charAt(0) === "#") { return; }
      var terms = [];
      NT_TERM.lastIndex = 0;
      for (var i = 0; i < 3; i += 1) {
        var m = NT_TERM.exec(line);
        if (!m) { return; }
        if (m[1] !== undefined) { terms.push({ type: "uri", value: unescapeNt(m[1]) }); }
        else if (m[2] !== undefined) { terms.push({ type: "bnode", value: m[2] }); }
        else {
          var term = { type: "literal", value: unescapeNt(m[3]) };
          if (m[4]) { term["xml:lang"] = m[4]; }
          if (m[5]) { term.datatype = m[5]; }
          terms.push(term);
        }
      }
      rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    });
    return { vars: ["subject", "predicate", "object"], rows: rows };
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    var query = text();
    updateLinks();
    window.history.replaceState(null, "", pageUrl(query));
    if (running) { running.abort(); }
    running = new AbortController();
    if (editor) { editor.clearError(); }
    errorBox.hidden = true;
    errorBox.textContent = "";
    output.textContent = "";
    showDownloads("");
    statusLine.className = "muted";
    statusLine.textContent = strings.running || "…";
    var started = performance.now();
    tableOptions.prefixes = Object.assign({}, prefixes, window.NQQueryEditor.declaredPrefixes(query));
    fetch(endpoint, {
      method: "POST", signal: running.signal,
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.9" },
      body: new URLSearchParams({ query: query }).toString()
    }).then(function (response) {
      return response.text().then(function (body) {
        var ms = Math.round(performance.now() - started);
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        if (!response.ok) {
          var message = body;
          try { message = JSON.parse(body).message || body; } catch (ignored) { /* plain text */ }
          throw new Error(response.status + " " + message);
        }
        if (type === "application/sparql-results+json") {
          var data = JSON.parse(body);
          showDownloads("results");
          if (typeof data.boolean === "boolean") {
            var answer = document.createElement("p");
            answer.className = "boolean";
            answer.textContent = data.boolean ? strings.yes : strings.no;
            output.appendChild(answer);
            statusLine.textContent = format(strings.ask, { ms: ms });
            return;
          }
          var rows = data.results.bindings;
          window.NQResults.show(output, { vars: data.head.vars || [], rows: rows }, tableOptions);
          statusLine.textContent = format(strings.rows, { n: rows.length, ms: ms });
        } else {
          var table = triplesTable(body);
          showDownloads("graph");
          window.NQResults.show(output, table, tableOptions);
          statusLine.textContent = format(strings.triples, { n: table.rows.length, ms: ms });
        }
      });
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      showError(error.message);
    });
  }

  picker.addEventListener("change", function () {
    var chosen = examples.filter(function (q) { return q.name === picker.value; })[0];
    if (!chosen) { return; }
    if (editor) { editor.setText(chosen.text); } else { textarea.value = chosen.text; }
    description.textContent = chosen.description || "";
    updateLinks();
  });
  if (window.NQEditor && window.NQQueryEditor) {
    var host = document.createElement("div");
    host.id = "editor";
    textarea.parentNode.insertBefore(host, textarea);
    editor = window.NQQueryEditor.create(textarea, {
      parent: host, prefixes: prefixes, strings: strings, completeUrl: form.getAttribute("data-complete"),
      nonce: nonceTag ? nonceTag.getAttribute("content") : "", label: textarea.getAttribute("aria-label"),
      onRun: run, onChange: updateLinks
    });
  } else {
    textarea.addEventListener("input", updateLinks);
  }
  form.addEventListener("submit", run);
  updateLinks();
  if (form.getAttribute("data-run") === "1") { run(); }
})();
