// Source view: highlight a span given as #char=start,end (RFC 5147) and bring it into view.
// Offsets count Unicode code points of the NFC text, as the server does.
(function () {
  "use strict";
  var pre = document.getElementById("doc-text");
  if (!pre) { return; }
  var existing = document.getElementById("hl");
  var match = /^#char=(\d+),(\d+)$/.exec(window.location.hash);
  if (!existing && match) {
    var chars = Array.from(pre.textContent);
    var start = parseInt(match[1], 10), end = parseInt(match[2], 10);
    if (start < end && end <= chars.length) {
      var mark = document.createElement("mark");
      mark.id = "hl";
      mark.textContent = chars.slice(start, end).join("");
      pre.textContent = "";
      pre.appendChild(document.createTextNode(chars.slice(0, start).join("")));
      pre.appendChild(mark);
      pre.appendChild(document.createTextNode(chars.slice(end).join("")));
      existing = mark;
    }
  }
  if (existing) { existing.scrollIntoView({ block: "center" }); }
})();
