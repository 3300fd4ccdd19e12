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
    // A corner is dragged with Pointer Events, which a finger, a pen and a mouse all send:
    // the press on the corner captures the pointer, the map stands still while it moves, and
    // the click a mouse sends when the button is let go does not add a corner.
    var draggedAt = 0;
    function dragCorner(index, corner, down) {
      if (down.button > 0) { return; }
      down.preventDefault();
      down.stopPropagation();
      var container = map.getContainer();
      map.dragging.disable();
      try { container.setPointerCapture(down.pointerId); } catch (ignored) { /* a pointer already gone */ }
      function move(e) {
        if (e.pointerId !== down.pointerId) { return; }
        e.preventDefault();
        var at = map.mouseEventToLatLng(e);
        outline[index] = [at.lat, at.lng];
        corner.setLatLng(at);
        shape.setLatLngs(outline);
      }
      function end(e) {
        if (e.pointerId !== down.pointerId) { return; }
        container.removeEventListener("pointermove", move);
        container.removeEventListener("pointerup", end);
        container.removeEventListener("pointercancel", end);
        map.dragging.enable();
        draggedAt = Date.now();
        redraw();
      }
      container.addEventListener("pointermove", move);
      container.addEventListener("pointerup", end);
      container.addEventListener("pointercancel", end);
    }
    function redraw() {
      shape.setLatLngs(outline);
      corners.clearLayers();
      outline.forEach(function (point, index) {
        var corner = L.circleMarker(point, { radius: 12, color: "#c92a2a", fillColor: "#fff", fillOpacity: 1, weight: 3, className: "grid-corner" });
        corner.addTo(corners);
        corner.on("click", L.DomEvent.stopPropagation);  // tapping a corner adds none
        corner.getElement().addEventListener("pointerdown", function (event) { dragCorner(index, corner, event); });
      });
      save();
    }
    map.on("click", function (event) {
      if (Date.now() - draggedAt < 400) { return; }  // the end of a drag, not a tap
      outline.push([event.latlng.lat, event.latlng.lng]);
      redraw();
    });
    document.getElementById("grid-undo").addEventListener("click", function () { outline.pop(); redraw(); });
    document.getElementById("grid-clear").addEventListener("click", function () { outline = []; redraw(); });
    if (outline.length) { map.fitBounds(L.latLngBounds(outline), { padding: [20, 20] }); } else { map.setView(config.centre, 16); }
    redraw();
  }
  return { draw: draw };
})();
