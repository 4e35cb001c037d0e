/* "Try it" forms of /api: fetch a named query and show the result as a table.
   No inline script, no external code; results are written with textContent only. */
(function () {
  "use strict";
  var holder = document.getElementById("api-strings");
  var strings = holder ? JSON.parse(holder.textContent || "{}") : {};
  function say(key, fallback) { return strings[key] || fallback; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function parseLinks(header) {
    var links = {};
    (header || "").split(",").forEach(function (part) {
      var m = part.match(/<([^>]*)>\s*;\s*rel="([^"]+)"/);
      if (m) links[m[2]] = m[1];
    });
    return links;
  }

  function cellText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return value.value;  // SPARQL JSON term
    return value;
  }

  function table(columns, rows) {
    var t = el("table", null, "api-table");
    var head = t.createTHead().insertRow();
    columns.forEach(function (c) { head.appendChild(el("th", c)); });
    var body = t.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      columns.forEach(function (c) { tr.appendChild(el("td", cellText(row[c]))); });
    });
    return t;
  }

  function show(form, out, url) {
    out.replaceChildren(el("p", say("loading", "Loading") + " " + url + " …", "muted"));
    fetch(url, { headers: { Accept: "application/json, text/csv;q=0.9" } }).then(function (response) {
      var links = parseLinks(response.headers.get("Link"));
      var total = response.headers.get("X-Total-Count");
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (body) {
        out.replaceChildren();
        var status = el("p", response.status + " " + response.statusText + (total !== null ? " · " + total + " " + say("rows", "rows") : ""), "api-status");
        var link = el("a", url); link.href = url;
        status.appendChild(document.createTextNode(" · ")); status.appendChild(link);
        out.appendChild(status);
        if (!response.ok) {
          var message = body;
          try { message = JSON.parse(body).message; } catch (e) { /* plain text */ }
          out.appendChild(el("p", message, "api-error"));
          return;
        }
        if (type.indexOf("text/csv") === 0) {
          out.appendChild(el("pre", body));
        } else {
          var data = JSON.parse(body);
          if (Array.isArray(data)) {
            var columns = data.length ? Object.keys(data[0]) : [];
            out.appendChild(table(columns, data));
          } else {
            out.appendChild(table(data.head.vars, data.results.bindings));
          }
        }
        var nav = el("p", null, "api-pages");
        ["first", "prev", "next", "last"].forEach(function (rel) {
          if (!links[rel]) return;
          var button = el("button", say(rel, rel)); button.type = "button";
          button.addEventListener("click", function () { show(form, out, links[rel]); });
          nav.appendChild(button);
        });
        out.appendChild(nav);
      });
    }).catch(function (error) {
      out.replaceChildren(el("p", say("failed", "Request failed") + ": " + error, "api-error"));
    });
  }

  document.querySelectorAll("form.api-try").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (value !== "") params.append(key, value); });
      var out = form.parentNode.querySelector(".api-result");
      show(form, out, form.getAttribute("action") + "?" + params.toString());
    });
  });
})();
