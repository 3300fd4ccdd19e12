/* The map picker (welfaremap/picker.py): tap or drag a marker on Leaflet; the form's hidden
   latitude, longitude and coordinate-system inputs receive the point in the tiles' datum
   (GCJ-02 on AMap/Tencent tiles, WGS-84 on OpenStreetMap), and the server converts to GCJ-02.
   "Use my location" gives WGS-84 (the browser's GPS datum) whatever the tiles. */
(function () {
  "use strict";
  if (window.commonwealPicker) return;
  window.commonwealPicker = { pickers: [] };

  function fixed(x) { return (Math.round(x * 1e6) / 1e6).toString(); }

  // WGS-84 -> GCJ-02 (coordinates.py's formula, as in map.js): where a GPS reading is drawn
  // on GCJ-02 tiles.
  var A = 6378245.0, EE = 0.00669342162296594323;
  function wgsToGcj(lat, lng) {
    if (!(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271)) return [lat, lng];
    var x = lng - 105.0, y = lat - 35.0, PI = Math.PI;
    var shared = (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + shared +
      (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3 + (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
    var dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + shared +
      (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3 + (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
    var rad = lat / 180 * PI, magic = 1 - EE * Math.sin(rad) * Math.sin(rad), sq = Math.sqrt(magic);
    dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * PI);
    dLng = (dLng * 180) / (A / sq * Math.cos(rad) * PI);
    return [lat + dLat, lng + dLng];
  }

  function setup(root) {
    var config = JSON.parse(document.getElementById(root.dataset.config).textContent);
    var input = function (key) { return config.targets[key] ? document.getElementById(config.targets[key]) : null; };
    var lat = input("lat"), lng = input("lng"), system = input("system"), address = input("address");
    var chosen = root.querySelector(".map-picker-chosen");
    var notice = root.querySelector(".map-picker-notice");
    var canvas = root.querySelector(".map-picker-canvas");
    var datum = config.tiles.datum;

    function say(message) { notice.textContent = message; notice.hidden = false; }
    function describe() {
      if (!lat || !lat.value) { chosen.textContent = chosen.dataset.empty; return; }
      var where = address && address.value.trim() ? address.value.trim() : chosen.dataset.noAddress;
      chosen.textContent = chosen.dataset.prefix + " " + where;
    }
    if (typeof L === "undefined") { say(notice.dataset.noLeaflet); describe(); return; }

    var map = L.map(canvas).setView(config.chosen || config.centre, config.chosen ? 17 : 15);
    var tiles = L.tileLayer(config.tiles.url, { subdomains: config.tiles.subdomains, attribution: config.tiles.attribution, maxZoom: 19 });
    var failed = false;
    tiles.on("tileerror", function () { if (!failed) { failed = true; say(notice.dataset.noTiles); } });
    tiles.addTo(map);
    var marker = null;

    // `shown` is where the marker goes on the tiles; `value` is what the form sends, in
    // `valueDatum`.
    function place(shown, value, valueDatum) {
      if (!marker) {
        marker = L.marker(shown, { draggable: true, autoPan: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), marker.getLatLng(), datum); });
      } else {
        marker.setLatLng(shown);
      }
      lat.value = fixed(value.lat);
      lng.value = fixed(value.lng);
      if (system) system.value = valueDatum;
      describe();
      root.dispatchEvent(new CustomEvent("place-picked", { bubbles: true }));
    }
    if (config.chosen) {
      marker = L.marker(config.chosen, { draggable: true, autoPan: true }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng(), marker.getLatLng(), datum); });
    }
    map.on("click", function (event) { place(event.latlng, event.latlng, datum); });
    if (address) address.addEventListener("input", describe);
    root.querySelector(".map-picker-locate").addEventListener("click", function (event) {
      var button = event.currentTarget;
      if (!navigator.geolocation) { say(button.dataset.failed); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
        // The value sent is the GPS reading, marked WGS-84; the marker is drawn on the tiles.
        var shown = datum === "wgs84" ? here : L.latLng(wgsToGcj(here.lat, here.lng));
        place(shown, here, "wgs84");
        map.setView(shown, 17);
      }, function () { say(button.dataset.failed); }, { enableHighAccuracy: true, timeout: 10000 });
    });
    describe();
    window.commonwealPicker.pickers.push({ map: map, root: root, datum: datum });
  }

  function start() { document.querySelectorAll(".map-picker").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
