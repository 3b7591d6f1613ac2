// casus serve, article view: a click (or Enter) on highlighted event evidence opens
// that event's panel beside the text. Only ids and class names are read from the page;
// no text from the article is ever written back as HTML.
"use strict";
(function () {
  function open(mark) {
    var refs = (mark.getAttribute("data-events") || "").split(" ");
    var first = null;
    document.querySelectorAll("details.event.focus").forEach(function (d) {
      d.classList.remove("focus");
    });
    refs.forEach(function (ref) {
      if (!/^[0-9]+$/.test(ref)) { return; }
      var panel = document.getElementById("event-" + ref);
      if (!panel) { return; }
      panel.open = true;
      panel.classList.add("focus");
      if (!first) { first = panel; }
    });
    if (first) {
      first.scrollIntoView({ block: "nearest", behavior: "smooth" });
      var summary = first.querySelector("summary");
      if (summary) { summary.focus({ preventScroll: true }); }
    }
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-events]") : null;
    if (mark) { open(mark); }
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target;
    if (event.key === "Enter" && mark.matches && mark.matches("mark[data-events]")) {
      open(mark);
    }
  });
})();
