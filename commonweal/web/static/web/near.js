// "Near me" on the search page: only shown where the browser can locate; the server converts
// the WGS-84 position to GCJ-02. Without script the page works, just without the button.
(function () {
  var button = document.getElementById("near-me");
  if (!button || !navigator.geolocation) return;
  var status = document.getElementById("near-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.hidden = false;
    status.textContent = button.dataset.locating || "…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("near-lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("near-lng").value = pos.coords.longitude.toFixed(6);
      document.getElementById("near-form").submit();
    }, function () {
      status.textContent = button.dataset.refused || "";
    }, { timeout: 10000, maximumAge: 60000 });
  });
})();
