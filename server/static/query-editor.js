// The SPARQL editor of /query: CodeMirror 6 (vendor/editor.js, global NQEditor) with highlighting,
// completion of keywords, prefixes and the graph's terms (GET /query/complete), and the server's
// parse error marked at its line and column. Exposes window.NQQueryEditor.create(textarea, options).
(function () {
  "use strict";
  var CM = window.NQEditor;
  var KEYWORDS = ["SELECT", "DISTINCT", "REDUCED", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED",
    "PREFIX", "BASE", "OPTIONAL", "FILTER", "UNION", "MINUS", "GRAPH", "SERVICE", "BIND", "VALUES", "AS",
    "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "COUNT", "SUM", "MIN", "MAX", "AVG",
    "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "BNODE",
    "CONTAINS", "STRSTARTS", "STRENDS", "REGEX", "REPLACE", "LCASE", "UCASE", "CONCAT", "SUBSTR", "STRLEN",
    "YEAR", "COALESCE", "IF", "EXISTS", "NOT EXISTS", "isIRI", "isLiteral", "isBlank", "isNumeric"];

  var highlight = CM.HighlightStyle.define([
    { tag: CM.tags.keyword, color: "#7a1fa2", fontWeight: "600" },
    { tag: CM.tags.atom, color: "#1f4e8c" },
    { tag: CM.tags.variableName, color: "#9b1c1c" },
    { tag: CM.tags.string, color: "#2e7d32" },
    { tag: CM.tags.comment, color: "#6b7280", fontStyle: "italic" },
    { tag: CM.tags.number, color: "#b45309" },
    { tag: CM.tags.operator, color: "#374151" },
    { tag: CM.tags.meta, color: "#0f766e" }
  ]);
  var theme = CM.EditorView.theme({
    "&": { border: "1px solid #d9dee6", borderRadius: "4px", background: "#fff", fontSize: ".95rem" },
    "&.cm-focused": { outline: "2px solid #1f4e8c" },
    ".cm-scroller": { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", minHeight: "14rem", maxHeight: "60vh" },
    ".cm-content": { minHeight: "14rem" },
    ".cm-tooltip-autocomplete ul li[aria-selected]": { background: "#1f4e8c", color: "#fff" },
    ".cm-completionDetail": { marginLeft: ".6rem", color: "inherit", opacity: ".75", fontStyle: "normal" }
  });

  /** The PREFIX declarations of a query text, {name: namespace}. */
  function declaredPrefixes(text) {
    var found = {};
    var pattern = /PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>/gi;
    var match;
    while ((match = pattern.exec(text)) !== null) { found[match[1] || ""] = match[2]; }
    return found;
  }

  /** Where a new PREFIX line goes: after the last declaration, else at the top. */
  function prefixInsertPoint(text) {
    var pattern = /^[ \t]*PREFIX[^\n]*\n?/gim;
    var end = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) { end = match.index + match[0].length; }
    return end;
  }

  function create(textarea, options) {
    var known = options.prefixes || {};
    var strings = options.strings || {};
    var completeUrl = options.completeUrl;

    function kindName(kind) { return strings["kind_" + kind] || kind; }

    function fetchItems(params, context) {
      var controller = new AbortController();
      context.addEventListener("abort", function () { controller.abort(); });
      return fetch(completeUrl + "?" + new URLSearchParams(params).toString(),
                   { headers: { Accept: "application/json" }, signal: controller.signal })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) { return data.items || []; })
        .catch(function () { return []; });
    }

    /** A completion that also declares ``prefix`` at the top when the query does not. */
    function withPrefix(prefix, namespace, insert) {
      return function (view, completion, from, to) {
        var text = view.state.doc.toString();
        var changes = [];
        var cursor = from + insert.length;
        if (prefix !== null && !(prefix in declaredPrefixes(text))) {
          var at = prefixInsertPoint(text);
          var line = "PREFIX " + prefix + ": <" + namespace + ">\n";
          changes.push({ from: at, to: at, insert: line });
          if (at <= from) { cursor += line.length; }
        }
        changes.push({ from: from, to: to, insert: insert });
        view.dispatch({ changes: changes, selection: { anchor: cursor }, userEvent: "input.complete" });
      };
    }

    function prefixDeclarations(context) {
      var before = context.matchBefore(/PREFIX\s+[A-Za-z]*[\w.-]*:?$/i);
      if (!before) { return null; }
      var start = before.from + before.text.search(/\S*$/);
      return {
        from: start,
        options: Object.keys(known).map(function (name) {
          return { label: name + ":", apply: name + ": <" + known[name] + ">", detail: known[name], type: "namespace" };
        })
      };
    }

    function prefixedNames(context) {
      var token = context.matchBefore(/[A-Za-z][\w.-]*:[\w.-]*$|:[\w.-]*$/);
      if (!token || /PREFIX\s+\S*$/i.test(context.state.sliceDoc(Math.max(0, token.from - 20), token.to))) { return null; }
      var colon = token.text.indexOf(":");
      var prefix = token.text.slice(0, colon);
      var local = token.text.slice(colon + 1);
      var declared = declaredPrefixes(context.state.doc.toString());
      var namespace = declared[prefix] || known[prefix];
      if (!namespace) { return null; }
      return fetchItems({ ns: namespace, local: local }, context).then(function (items) {
        return {
          from: token.from, filter: false,
          options: items.map(function (item) {
            var name = prefix + ":" + item.local;
            return { label: name, detail: (item.label ? item.label + " · " : "") + kindName(item.kind),
                     type: item.kind === "class" ? "class" : "property", apply: withPrefix(prefix, namespace, name) };
          })
        };
      });
    }

    function words(context) {
      var token = context.matchBefore(/[\p{L}_][\p{L}\p{N}_-]*$/u);
      if (!token || (token.from === token.to && !context.explicit)) { return null; }
      var previous = context.state.sliceDoc(Math.max(0, token.from - 1), token.from);
      if (previous === "?" || previous === "$" || previous === ":" || previous === "<") { return null; }
      var typed = token.text.toLowerCase();
      var options = KEYWORDS.filter(function (word) { return word.toLowerCase().indexOf(typed) === 0; })
        .map(function (word) { return { label: word, type: "keyword", detail: kindName("keyword") }; });
      Object.keys(known).forEach(function (name) {
        if (name.indexOf(typed) === 0) {
          options.push({ label: name + ":", type: "namespace", detail: known[name], apply: withPrefix(name, known[name], name + ":") });
        }
      });
      if (token.text.length < (context.explicit ? 2 : 3)) { return { from: token.from, options: options, filter: false }; }
      return fetchItems({ q: token.text }, context).then(function (items) {
        items.forEach(function (item) {
          options.push({ label: item.label, detail: kindName(item.kind), type: "variable",
                         apply: "<" + item.iri + ">", info: item.iri });
        });
        return { from: token.from, options: options, filter: false };
      });
    }

    var diagnostics = [];
    var view = new CM.EditorView({
      parent: options.parent,
      state: CM.EditorState.create({
        doc: textarea.value,
        extensions: [
          CM.lineNumbers(), CM.highlightActiveLineGutter(), CM.highlightActiveLine(), CM.drawSelection(),
          CM.history(), CM.bracketMatching(), CM.closeBrackets(), CM.indentOnInput(),
          CM.StreamLanguage.define(CM.sparql), CM.syntaxHighlighting(highlight), theme, CM.EditorView.lineWrapping,
          CM.autocompletion({ override: [prefixDeclarations, prefixedNames, words], activateOnTyping: true }),
          CM.lintGutter(),
          CM.Prec.highest(CM.keymap.of([{ key: "Mod-Enter", run: function () { options.onRun(); return true; } }])),
          CM.keymap.of([].concat(CM.closeBracketsKeymap, CM.defaultKeymap, CM.historyKeymap, CM.completionKeymap,
                                 CM.lintKeymap)),
          CM.EditorView.cspNonce.of(options.nonce || ""),
          CM.EditorView.contentAttributes.of({ "aria-label": options.label || "SPARQL" }),
          CM.EditorView.updateListener.of(function (update) {
            if (!update.docChanged) { return; }
            textarea.value = update.state.doc.toString();
            if (diagnostics.length) { clearError(); }
            if (options.onChange) { options.onChange(textarea.value); }
          })
        ]
      })
    });
    textarea.hidden = true;

    function setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }

    /** Mark the server's parse error at ``line``:``column`` (1-based) and return the offset used. */
    function showError(line, column, message) {
      var doc = view.state.doc;
      var row = doc.line(Math.max(1, Math.min(line, doc.lines)));
      var from = Math.min(row.from + Math.max(0, column - 1), row.to);
      var to = Math.min(from + 1, doc.length);
      if (to === from && from > 0) { from -= 1; }
      diagnostics = [{ from: from, to: Math.max(to, from), severity: "error", message: message }];
      view.dispatch(CM.setDiagnostics(view.state, diagnostics), { selection: { anchor: from }, scrollIntoView: true });
      return from;
    }

    function clearError() {
      diagnostics = [];
      view.dispatch(CM.setDiagnostics(view.state, []));
    }

    return { view: view, getText: function () { return view.state.doc.toString(); }, setText: setText,
             showError: showError, clearError: clearError, focus: function () { view.focus(); },
             declaredPrefixes: declaredPrefixes };
  }

  window.NQQueryEditor = { create: create, declaredPrefixes: declaredPrefixes };
})();
