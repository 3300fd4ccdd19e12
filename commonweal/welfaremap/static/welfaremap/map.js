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
    var labels = data.labels || {};
    var map = baseMap(data, 15);
    var layer = map ? clusterGroup().addTo(map) : null;
    var list = document.getElementById("point-list");
    var more = document.getElementById("map-more");
    var markers = {};
    var api = { category: data.category || "", visibleMarkers: 0, map: map, truncated: false, loads: 0 };
    var near = null, pending = null, settling = 0;
    window.welfareMap = api;

    function toGcj(latlng) { return datum === "wgs84" ? wgsToGcj(latlng.lat, latlng.lng) : [latlng.lat, latlng.lng]; }
    function metres(d) { return d < 1000 ? Math.round(d) + " 米" : (d / 1000).toFixed(1) + " 公里"; }
    function item(p) {
      var li = document.createElement("li");
      li.className = "point-item"; li.id = "point-" + p.id; li.dataset.id = p.id; li.dataset.category = p.category;
      var meta = text(p.address) + (p.hours ? " · " + text(labels.hours) + ": " + text(p.hours) : "") +
        (p.operator ? "<br>" + text(labels.runBy) + ": " + text(p.operator) : "") +
        (p.phone ? ' · <a href="tel:' + text(p.phone) + '">' + text(p.phone) + "</a>" : "");
      li.innerHTML = '<strong class="point-name">' + text(p.name) + '</strong> <span class="point-tier tier-' + text(p.tier) + '">' +
        text(p.tierLabel) + '</span> <span class="point-distance">' + (p.distanceM != null && near ? metres(p.distanceM) : "") +
        '</span><div class="point-meta">' + meta + "</div>";
      li.addEventListener("click", function () { select(p.id, true); });
      return li;
    }
    function marker(p) {
      var popup = "<strong>" + text(p.name) + "</strong><br>" + text(p.categoryLabel) + " · " + text(p.tierLabel) +
        (p.hours ? "<br>" + text(labels.hours) + ": " + text(p.hours) : "") + (p.operator ? "<br>" + text(labels.runBy) + ": " + text(p.operator) : "") +
        (p.address ? "<br>" + text(p.address) : "");
      var m = L.marker(p[datum], { icon: dot(p.colour), title: p.name }).bindPopup(popup);
      m.on("click", function () { select(p.id, false); });
      return m;
    }
    function select(id, pan) {
      document.querySelectorAll(".point-item.selected").forEach(function (e) { e.classList.remove("selected"); });
      var li = document.getElementById("point-" + id);
      if (li) { li.classList.add("selected"); if (!pan) li.scrollIntoView({ block: "nearest" }); }
      if (pan && map && markers[id]) { layer.zoomToShowLayer ? layer.zoomToShowLayer(markers[id], function () { markers[id].openPopup(); }) : markers[id].openPopup(); }
    }
    function show(answer, fit) {
      var points = answer.points;
      api.truncated = answer.truncated;
      markers = {};
      list.textContent = "";
      if (!points.length) { var none = document.createElement("li"); none.textContent = labels.none || ""; list.appendChild(none); }
      points.forEach(function (p) { list.appendChild(item(p)); if (map) markers[p.id] = marker(p); });
      var pager = document.getElementById("list-pager");
      if (pager) pager.hidden = true;
      more.hidden = !answer.truncated;
      more.querySelector(".shown").textContent = points.length;
      more.querySelector(".of").textContent = answer.total;
      if (layer) {
        layer.clearLayers();
        points.forEach(function (p) { layer.addLayer(markers[p.id]); });
        if (fit && points.length) { settling = Date.now() + 800; map.fitBounds(L.latLngBounds(points.map(function (p) { return p[datum]; })).pad(0.2), { maxZoom: 17 }); }
      }
      api.visibleMarkers = layer ? points.length : 0;
      api.loads += 1;
      document.getElementById("map").dataset.markerCount = String(api.visibleMarkers);
    }
    function load(options) {
      var query = [];
      if (api.category) query.push("category=" + encodeURIComponent(api.category));
      if (options.bbox) query.push("bbox=" + options.bbox.map(function (v) { return v.toFixed(6); }).join(","));
      if (near) query.push("near=" + near[0].toFixed(6) + "," + near[1].toFixed(6));
      return fetch(data.pointsUrl + (query.length ? "?" + query.join("&") : ""), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (answer) { show(answer, options.fit); return answer; })
        .catch(function () { notice(labels.failed || ""); });
    }
    function view() {
      var b = map.getBounds(), sw = toGcj(b.getSouthWest()), ne = toGcj(b.getNorthEast());
      return [sw[0], sw[1], ne[0], ne[1]];
    }
    if (map) map.on("moveend", function () {
      // Only a partial answer needs asking again; the move a fit makes is not the resident's.
      if (Date.now() < settling || !api.truncated || near) return;
      clearTimeout(pending);
      pending = setTimeout(function () { load({ bbox: view(), fit: false }); }, 250);
    });
    document.querySelectorAll(".map-filters .chip[data-category]").forEach(function (b) {
      b.addEventListener("click", function (event) {
        event.preventDefault();
        api.category = b.dataset.category;
        document.querySelectorAll(".map-filters .chip[data-category]").forEach(function (c) { c.classList.toggle("active", c === b); });
        if (window.history && history.replaceState) history.replaceState(null, "", b.getAttribute("href"));
        load({ fit: !near });
      });
    });
    var nearMe = document.getElementById("near-me");
    if (nearMe) nearMe.addEventListener("click", function () {
      if (!navigator.geolocation) { notice("此浏览器不支持定位。"); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        var wgs = [pos.coords.latitude, pos.coords.longitude];
        near = wgsToGcj(wgs[0], wgs[1]);
        var here = datum === "wgs84" ? wgs : near;
        load({ fit: false });
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
    load({ fit: true }).then(function () {
      if (location.hash.indexOf("#point-") === 0) select(location.hash.slice(7), true);
    });
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
