/* The heat map of open reports on the statistics page: the view's cells (at most 32 × 32,
   counted by PostgreSQL at /hazards/heat.json) drawn as squares, darker where more reports
   are open; asked again when the map moves. Coordinates are in the tiles' datum both ways. */
var HazardHeat = (function () {
  "use strict";
  function colour(share) {
    var stops = [[255, 236, 153], [240, 140, 0], [201, 42, 42]];
    var at = Math.min(1, Math.max(0, share)) * (stops.length - 1), i = Math.min(Math.floor(at), stops.length - 2), f = at - i;
    var c = stops[i].map(function (v, k) { return Math.round(v + (stops[i + 1][k] - v) * f); });
    return "rgb(" + c.join(",") + ")";
  }
  function start(node) {
    var config = JSON.parse(document.getElementById(node.dataset.config).textContent);
    var notice = node.parentNode.querySelector(".heat-notice");
    if (typeof L === "undefined") { notice.hidden = false; return; }
    var map = L.map(node);
    L.tileLayer(config.tiles.url, { subdomains: config.tiles.subdomains, attribution: config.tiles.attribution, maxZoom: 19 }).addTo(map);
    var layer = L.layerGroup().addTo(map), first = true, asked = 0;
    function show(data) {
      layer.clearLayers();
      data.cells.forEach(function (c) {
        L.rectangle([[c[0], c[1]], [c[2], c[3]]], { stroke: false, fillColor: colour(c[4] / (data.max || 1)), fillOpacity: 0.6 })
          .bindTooltip(String(c[4])).addTo(layer);
      });
      if (first && data.cells.length) { first = false; map.fitBounds([[data.view[0], data.view[1]], [data.view[2], data.view[3]]]); }
    }
    function ask(params) {
      var mine = ++asked;
      fetch(config.url + (params || ""), { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) { if (mine === asked) show(data); });
    }
    map.setView(config.centre, 15);
    map.on("moveend", function () {
      if (first) return;
      var b = map.getBounds();
      ask("?south=" + b.getSouth() + "&west=" + b.getWest() + "&north=" + b.getNorth() + "&east=" + b.getEast());
    });
    ask("");
  }
  return { start: start };
})();
