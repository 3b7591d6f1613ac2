// casus serve: the events explorer's map. Leaflet with no tile server: Natural Earth's
// country outlines (a same-origin GeoJSON file) under one circle marker per located
// mention, read from <script type="application/json" id="casus-map-points">.
// Popups are built from DOM nodes with textContent: no data is ever parsed as HTML.
(function () {
  "use strict";

  function text(parent, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }

  function popup(point) {
    var box = document.createElement("div");
    box.className = "casus-popup";
    text(box, "strong", point.type || "event");
    var arrow = point.symmetric ? " \u2194 " : " \u2192 ";
    text(box, "div", (point.source || "\u2014") + arrow + (point.target || "\u2014"));
    text(box, "div", [point.date, point.place].filter(Boolean).join(" \u00b7 "));
    if (point.article_id) {
      var link = text(box, "a", point.title || "the article");
      link.href = "/articles/" + encodeURIComponent(point.article_id);
    }
    return box;
  }

  function named(fields, row) {
    var point = {};
    fields.forEach(function (name, i) { point[name] = row[i]; });
    return point;
  }

  function outlines(map, url) {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("outlines: HTTP " + response.status); }
        return response.json();
      })
      .then(function (world) {
        L.geoJSON(world, {
          interactive: false,
          style: { color: "#a4adb5", weight: 0.6, fillColor: "#e6e9ec", fillOpacity: 1 }
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* the markers still show without the outlines */ });
  }

  function show(element, data) {
    var note = document.getElementById(element.getAttribute("data-note") || "");
    if (note && typeof data.note === "string") { note.textContent = data.note; }
    if (!data.points.length) { return; }
    element.textContent = "";
    var map = L.map(element, { minZoom: 1, maxZoom: 10, worldCopyJump: false });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth");
    var markers = L.featureGroup();
    data.points.forEach(function (row) {
      var point = named(data.fields, row);
      var quad = point.quad >= 1 && point.quad <= 4 ? " quad-" + point.quad : "";
      L.circleMarker([point.lat, point.lon], {
        radius: 5, weight: 1, fillOpacity: 0.65, className: "casus-marker" + quad
      }).bindPopup(function () { return popup(point); }).addTo(markers);
    });
    markers.addTo(map);
    if (data.points.length) {
      map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 6 });
    } else {
      map.setView([20, 0], 1);
    }
    outlines(map, element.getAttribute("data-outlines"));
  }

  function start() {
    var element = document.getElementById("casus-map");
    var src = element ? element.getAttribute("data-src") || "" : "";
    if (!element || typeof L === "undefined" || src.charAt(0) !== "/" || src.charAt(1) === "/") {
      return;
    }
    fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.points) { show(element, data); } })
      .catch(function () { /* the list below holds the same mentions */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
