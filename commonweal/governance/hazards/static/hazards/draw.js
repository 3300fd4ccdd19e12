/* Drawing a grid (views/maps.py grid_edit): tap to add a corner, drag a corner to move it,
   undo, start again. The outline (ring 0) is edited; holes already drawn are kept and shown
   dashed. The hidden `rings` input receives [outline, ...holes] as [lat, lng] pairs in the
   tiles' datum, which the hidden `system` input names; the server converts to GCJ-02 and the
   grid service checks the shape (three corners at least, no crossing). */
var HazardGrids = (function () {
  "use strict";
  function fixed(x) { return Math.round(x * 1e7) / 1e7; }

  function draw(configNode, form) {
    var config = JSON.parse(configNode.textContent);
    var notice = document.getElementById("grid-notice");
    if (typeof L === "undefined") { notice.textContent = notice.dataset.noLeaflet; notice.hidden = false; return; }
    var rings = config.rings.length ? config.rings : [[]];
    var outline = rings[0].slice();
    var holes = rings.slice(1);
    var input = form.querySelector("input[name=rings]");
    var system = form.querySelector("input[name=system]");
    var counter = document.getElementById("grid-corners");
    var map = L.map(document.getElementById("grid-canvas"));
    L.tileLayer(config.tiles.url, { subdomains: config.tiles.subdomains, attribution: config.tiles.attribution, maxZoom: 19 }).addTo(map);
    config.others.forEach(function (other) {
      L.polygon(other.ring, { color: "#868e96", weight: 1, fillOpacity: 0.05, interactive: false }).addTo(map).bindTooltip(other.name);
    });
    holes.forEach(function (hole) { L.polygon(hole, { color: "#c92a2a", weight: 1, dashArray: "4 4", fill: false, interactive: false }).addTo(map); });
    var shape = L.polygon(outline, { color: "#c92a2a", weight: 2, fillOpacity: 0.15, interactive: false }).addTo(map);
    var corners = L.layerGroup().addTo(map);

    function save() {
      input.value = JSON.stringify([outline.map(function (p) { return [fixed(p[0]), fixed(p[1])]; })].concat(holes));
      system.value = config.tiles.datum;
      counter.textContent = counter.dataset.label + " " + outline.length;
    }
    function redraw() {
      shape.setLatLngs(outline);
      corners.clearLayers();
      outline.forEach(function (point, index) {
        var corner = L.circleMarker(point, { radius: 9, color: "#c92a2a", fillColor: "#fff", fillOpacity: 1, weight: 3 });
        corner.addTo(corners);
        // A corner is dragged with a pointer press and move on the map.
        corner.on("mousedown touchstart", function (event) {
          L.DomEvent.stop(event);
          map.dragging.disable();
          function move(e) { outline[index] = [e.latlng.lat, e.latlng.lng]; corner.setLatLng(e.latlng); shape.setLatLngs(outline); }
          function end() { map.off("mousemove", move); map.off("mouseup", end); map.dragging.enable(); redraw(); save(); }
          map.on("mousemove", move);
          map.on("mouseup", end);
        });
      });
      save();
    }
    map.on("click", function (event) { outline.push([event.latlng.lat, event.latlng.lng]); redraw(); });
    document.getElementById("grid-undo").addEventListener("click", function () { outline.pop(); redraw(); });
    document.getElementById("grid-clear").addEventListener("click", function () { outline = []; redraw(); });
    if (outline.length) { map.fitBounds(L.latLngBounds(outline), { padding: [20, 20] }); } else { map.setView(config.centre, 16); }
    redraw();
  }
  return { draw: draw };
})();
