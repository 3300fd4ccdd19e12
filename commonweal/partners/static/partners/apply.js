/* 申请成为合伙人: the credit code is checked as it is typed, by the server's own rule (the
   same validator the submission runs), and the new-organisation fields show only when a new
   organisation is registered. Without this script the form works the same, checked on submit. */
(function () {
  "use strict";
  var form = document.getElementById("apply-form");
  if (!form) return;
  var code = document.getElementById("id_credit_code");
  var field = document.getElementById("field-credit_code");
  var timer = null, latest = 0;

  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "enterprise";
  }
  function show(result) {
    var out = document.getElementById("credit-code-check");
    if (!out) {
      out = document.createElement("p");
      out.id = "credit-code-check";
      out.setAttribute("aria-live", "polite");
      field.appendChild(out);
    }
    field.querySelectorAll(".errorlist").forEach(function (e) { e.remove(); });
    out.className = result.valid ? "ok" : "error";
    out.textContent = result.valid ? (code.value.trim() ? form.dataset.validText : "") : result.message;
    field.classList.toggle("has-error", !result.valid);
  }
  function check(whileTyping) {
    var value = code.value.replace(/\s+/g, "");
    if (!value) { show({ valid: true }); return; }
    if (whileTyping && value.length < 18) return;
    var ticket = ++latest;
    var url = form.dataset.checkUrl + "?code=" + encodeURIComponent(value) + "&kind=" + encodeURIComponent(kind());
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (result) { if (ticket === latest) show(result); })
      .catch(function () {});
  }
  if (code) {
    code.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { check(true); }, 250);
    });
    code.addEventListener("blur", function () { clearTimeout(timer); check(false); });
  }

  var block = document.getElementById("new-organisation");
  function toggle() {
    var chosen = form.querySelector("[name=organisation]:checked") || form.querySelector("[name=organisation]");
    if (block && chosen) block.hidden = chosen.value !== "new";
  }
  form.querySelectorAll("[name=organisation]").forEach(function (r) { r.addEventListener("change", toggle); });
  toggle();
})();
