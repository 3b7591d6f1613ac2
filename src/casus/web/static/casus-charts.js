// casus serve: draws every <div class="casus-chart" data-chart="ID"> with uPlot, from the
// JSON in <script type="application/json" id="ID">, or every <div class="casus-chart"
// data-src="/same/origin.json"> from that answer (see casus.web.viz for its shape).
// A chart's note (data-note="ID") gets the data's "note" as text.
// No data is ever written as HTML: uPlot builds its own DOM, labels go in as text.
(function () {
  "use strict";

  var PALETTE = ["#1f5f99", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085",
    "#7f8c8d", "#b7950b", "#5d6d7e"];
  var SECOND_AXIS = "#1d232a";

  function readJson(id) {
    var block = id ? document.getElementById(id) : null;
    if (!block) { return null; }
    try { return JSON.parse(block.textContent); } catch (err) { return null; }
  }

  function utc(seconds) {
    return uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC");
  }

  function scalesOf(data, keys) {
    var scales = { x: { time: true } };
    var range = data.range || {};
    keys.forEach(function (key) {
      scales[key] = range[key] ? { range: range[key].slice() } : {};
    });
    return scales;
  }

  function axesOf(data) {
    var axes = [{}];
    data.axes.forEach(function (axis, i) {
      axes.push({ scale: axis.scale, label: String(axis.label), side: i === 0 ? 3 : 1,
        grid: { show: i === 0 } });
    });
    return axes;
  }

  function seriesOf(data, keys) {
    var series = [{ label: "date" }];
    data.series.forEach(function (s, i) {
      var first = (s.axis || keys[0]) === keys[0];
      var one = { label: String(s.label), scale: s.axis || keys[0], width: 2,
        stroke: first ? PALETTE[i % PALETTE.length] : SECOND_AXIS };
      if (typeof s.colour === "string" && /^#[0-9a-f]{6}$/i.test(s.colour)) { one.stroke = s.colour; }
      if (!first) { one.dash = [6, 4]; }
      if (s.stepped) { one.paths = uPlot.paths.stepped({ align: 1 }); }
      series.push(one);
    });
    return series;
  }

  function note(container, data) {
    var target = document.getElementById(container.getAttribute("data-note") || "");
    if (target && data && typeof data.note === "string") { target.textContent = data.note; }
  }

  function draw(container, given) {
    var data = given || readJson(container.getAttribute("data-chart"));
    note(container, data);
    if (!data || !data.x || !data.x.length || typeof uPlot === "undefined") { return; }
    if (!data.axes || !data.axes.length) { data.axes = [{ scale: "y", label: "" }]; }
    var keys = data.axes.map(function (axis) { return axis.scale; });
    var options = {
      width: Math.max(320, container.clientWidth || 760),
      height: 300,
      tzDate: utc,
      scales: scalesOf(data, keys),
      axes: axesOf(data),
      series: seriesOf(data, keys)
    };
    var columns = [data.x].concat(data.series.map(function (s) { return s.values; }));
    container.textContent = "";
    var plot = new uPlot(options, columns, container);
    var fallback = document.getElementById(container.getAttribute("data-fallback") || "");
    if (fallback) { fallback.style.display = "none"; }
    window.addEventListener("resize", function () {
      plot.setSize({ width: Math.max(320, container.clientWidth || 760), height: 300 });
    });
  }

  function fetched(container) {
    var src = container.getAttribute("data-src") || "";
    if (src.charAt(0) !== "/" || src.charAt(1) === "/") { return; }
    fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { draw(container, data); } })
      .catch(function () { /* the table below holds the same facts */ });
  }

  function start() {
    var found = document.querySelectorAll(".casus-chart[data-chart]");
    Array.prototype.forEach.call(found, function (container) { draw(container, null); });
    Array.prototype.forEach.call(document.querySelectorAll(".casus-chart[data-src]"), fetched);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
