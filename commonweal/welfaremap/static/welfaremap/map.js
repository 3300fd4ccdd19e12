/* 公益地图: Leaflet markers (clustered), a category filter over markers and list, "near me".
   Works without tiles (no internet) and, for the list and filter, without Leaflet at all. */
(function () {
  "use strict";

  // WGS-84 -> GCJ-02, the same formula as commonweal/welfaremap/coordinates.py.
  var A = 6378245.0, EE = 0.00669342162296594323;
  function outOfChina(lat, lng) { return !(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271); }
  function wgsToGcj(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
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
  function distanceM(a, b) {
    var r = Math.PI / 180, dLat = (b[0] - a[0]) * r, dLng = (b[1] - a[1]) * r;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 2 * 6378168 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function text(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function notice(message) { var n = document.getElementById("map-notice"); if (n) { n.textContent = message; n.hidden = false; } }

  function baseMap(data, zoom) {
    if (typeof L === "undefined") { notice("地图组件未能加载，下方列表仍可使用。"); return null; }
    var datum = data.tiles.datum;
    var map = L.map("map", { zoomControl: true }).setView(data.centre[datum], zoom);
    var tiles = L.tileLayer(data.tiles.url, { subdomains: data.tiles.subdomains, attribution: data.tiles.attribution, maxZoom: 19 });
    var failed = false;
    tiles.on("tileerror", function () {
      if (failed) return;
      failed = true;
      document.getElementById("map").classList.add("tiles-failed");
      notice("底图暂时无法加载（可能没有网络），服务点标记和列表仍可使用。");
    });
    tiles.addTo(map);
    return map;
  }
  function dot(colour, cls) {
    return L.divIcon({ className: "", html: '<div class="' + (cls || "wm-dot") + '" style="background:' + colour + '"></div>', iconSize: [16, 16], iconAnchor: [8, 8] });
  }
  function clusterGroup() {
    return typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
  }

  function community(script) {
    var data = JSON.parse(script.textContent);
    var datum = data.tiles.datum;
    var map = baseMap(data, 15);
    var layer = map ? clusterGroup().addTo(map) : null;
    var markers = {};
    var api = { category: "", visibleMarkers: 0, map: map };
    window.welfareMap = api;
    data.points.forEach(function (p) {
      if (!map) return;
      var popup = "<strong>" + text(p.name) + "</strong><br>" + text(p.categoryLabel) + " · " + text(p.tier) +
        (p.hours ? "<br>开放时间：" + text(p.hours) : "") + (p.operator ? "<br>运营：" + text(p.operator) : "") +
        (p.address ? "<br>" + text(p.address) : "");
      markers[p.id] = L.marker(p[datum], { icon: dot(p.colour), title: p.name }).bindPopup(popup);
      markers[p.id].on("click", function () { select(p.id, false); });
    });
    function select(id, pan) {
      document.querySelectorAll(".point-item.selected").forEach(function (e) { e.classList.remove("selected"); });
      var item = document.getElementById("point-" + id);
      if (item) { item.classList.add("selected"); if (!pan) item.scrollIntoView({ block: "nearest" }); }
      if (pan && map && markers[id]) { layer.zoomToShowLayer ? layer.zoomToShowLayer(markers[id], function () { markers[id].openPopup(); }) : markers[id].openPopup(); }
    }
    function apply(category) {
      api.category = category;
      var shown = data.points.filter(function (p) { return !category || p.category === category; });
      document.querySelectorAll(".map-filters .chip[data-category]").forEach(function (b) { b.classList.toggle("active", b.dataset.category === category); });
      document.querySelectorAll("#point-list .point-item").forEach(function (li) { li.hidden = !!category && li.dataset.category !== category; });
      if (layer) {
        layer.clearLayers();
        shown.forEach(function (p) { layer.addLayer(markers[p.id]); });
        if (shown.length) map.fitBounds(L.latLngBounds(shown.map(function (p) { return p[datum]; })).pad(0.2), { maxZoom: 17 });
      }
      api.visibleMarkers = layer ? shown.length : 0;
      document.getElementById("map").dataset.markerCount = String(api.visibleMarkers);
    }
    document.querySelectorAll(".map-filters .chip[data-category]").forEach(function (b) {
      b.addEventListener("click", function () { apply(b.dataset.category); });
    });
    document.querySelectorAll("#point-list .point-item").forEach(function (li) {
      li.addEventListener("click", function () { select(li.dataset.id, true); });
    });
    var nearMe = document.getElementById("near-me");
    if (nearMe) nearMe.addEventListener("click", function () {
      if (!navigator.geolocation) { notice("此浏览器不支持定位。"); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        var wgs = [pos.coords.latitude, pos.coords.longitude];
        var here = datum === "wgs84" ? wgs : wgsToGcj(wgs[0], wgs[1]);
        var list = document.getElementById("point-list");
        var items = Array.prototype.slice.call(list.querySelectorAll(".point-item"));
        var byId = {}; data.points.forEach(function (p) { byId[p.id] = p; });
        items.forEach(function (li) {
          var p = byId[li.dataset.id]; li._d = distanceM(here, p[datum]);
          li.querySelector(".point-distance").textContent = li._d < 1000 ? Math.round(li._d) + " 米" : (li._d / 1000).toFixed(1) + " 公里";
        });
        items.sort(function (a, b) { return a._d - b._d; }).forEach(function (li) { list.appendChild(li); });
        if (map) { L.circleMarker(here, { radius: 8, color: "#1c7ed6", fillOpacity: 0.8 }).addTo(map).bindPopup("我的位置"); map.setView(here, 16); }
      }, function () { notice("无法获取您的位置，请检查定位权限。"); }, { enableHighAccuracy: true, timeout: 10000 });
    });
    if (map) {
      data.compounds.forEach(function (c) {
        if (!c.gaps.length) return;
        var html = "<strong>" + text(c.name) + "</strong> 盲区：<br>" + c.gaps.map(function (g) {
          return text(g.name) + "（" + g.radius + " 米内" + (g.distance == null ? "没有" : "最近 " + g.distance + " 米") + "）";
        }).join("<br>");
        L.circle(c[datum], { radius: 150, color: "#c92a2a", dashArray: "6 4", fillOpacity: 0.08 }).addTo(map).bindPopup(html);
        L.marker(c[datum], { icon: dot("rgba(201,42,42,.25)", "wm-gap"), title: c.name + " 盲区" }).addTo(map).bindPopup(html);
      });
    }
    apply("");
    if (location.hash.indexOf("#point-") === 0) select(location.hash.slice(7), true);
  }

  function platform(script) {
    var data = JSON.parse(script.textContent);
    var datum = data.tiles.datum;
    var map = baseMap(data, 11);
    window.welfareMap = { map: map };
    if (!map) return;
    var points = clusterGroup();
    data.points.forEach(function (p) {
      points.addLayer(L.marker(p[datum], { icon: dot(p.colour), title: p.name }).bindPopup("<strong>" + text(p.name) + "</strong><br>" + text(p.community)));
    });
    var centres = L.layerGroup();
    var bySlug = {};
    data.communities.forEach(function (c) {
      bySlug[c.slug] = c;
      centres.addLayer(L.marker(c[datum], { icon: L.divIcon({ className: "", html: '<div class="chip active" style="white-space:nowrap">' + text(c.name) + " " + c.count + "</div>" }), title: c.name })
        .on("click", function () { zoomTo(c.slug); }));
    });
    function zoomTo(slug) {
      var c = bySlug[slug];
      var own = data.points.filter(function (p) { return p.slug === slug; });
      if (own.length > 1) map.fitBounds(L.latLngBounds(own.map(function (p) { return p[datum]; })).pad(0.2), { maxZoom: 17 });
      else map.setView(c[datum], 15);
    }
    function byZoom() {
      if (map.getZoom() >= 13) { map.removeLayer(centres); map.addLayer(points); }
      else { map.removeLayer(points); map.addLayer(centres); }
      document.getElementById("map").dataset.markerCount = String(map.getZoom() >= 13 ? data.points.length : data.communities.length);
    }
    map.on("zoomend", byZoom);
    document.querySelectorAll(".zoom-to").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); zoomTo(a.dataset.slug); });
    });
    if (data.communities.length > 1) map.fitBounds(L.latLngBounds(data.communities.map(function (c) { return c[datum]; })).pad(0.3));
    byZoom();
  }

  window.WelfareMap = { community: community, platform: platform, wgsToGcj: wgsToGcj };
})();
