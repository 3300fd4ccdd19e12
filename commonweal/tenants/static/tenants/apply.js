/* The community's web address follows its name's pinyin (from the server, which knows how
   place names read) until the applicant edits the address themselves. */
(function () {
  "use strict";
  var form = document.getElementById("community-apply");
  if (!form) return;
  var name = document.getElementById("id_name"), slug = document.getElementById("id_slug");
  if (!name || !slug) return;
  var edited = slug.value !== "", timer = null, latest = 0;
  slug.addEventListener("input", function () { edited = slug.value !== ""; });
  name.addEventListener("input", function () {
    if (edited) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch(form.dataset.slugUrl + "?name=" + encodeURIComponent(name.value))
        .then(function (r) { return r.json(); })
        .then(function (answer) { if (ticket === latest && !edited) slug.value = answer.slug; })
        .catch(function () {});
    }, 250);
  });
})();
