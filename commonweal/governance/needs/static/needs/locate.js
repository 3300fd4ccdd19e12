// "Use my location" on the raise-a-need form: the browser gives WGS-84, so the form says so
// and the server converts to GCJ-02 (what the map apps in China use) before storing.
(function () {
  var button = document.getElementById("use-location");
  var state = document.getElementById("location-state");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    state.textContent = button.dataset.finding;
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("id_lat").value = p.coords.latitude.toFixed(6);
      document.getElementById("id_lng").value = p.coords.longitude.toFixed(6);
      document.getElementById("id_system").value = "wgs84";
      state.textContent = button.dataset.found;
    }, function () {
      state.textContent = button.dataset.failed;
    });
  });
})();
