// Warns before this device's login ends, on pages with a form where typed text could be lost: ten minutes before
// (the time comes from the page's <meta name="nw-login-ends">), and again once it has ended. The texts come from the
// script tag's data attributes, already translated.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="nw-login-ends"]');
  var box = document.querySelector("[data-nw-login-warning]");
  var script = document.currentScript;
  if (!meta || !box || !script) return;
  var ends = Date.parse(meta.getAttribute("content"));
  if (isNaN(ends)) return;
  if (!document.querySelector("main form textarea, main form input[type=text]")) return;
  var WARN_BEFORE = 10 * 60 * 1000;
  var lang = document.documentElement.lang === "en" ? "en-GB" : "da-DK";
  var at = new Date(ends).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  var warn = (script.getAttribute("data-warn") || "").replace("{time}", at);
  var ended = script.getAttribute("data-ended") || "";

  function check() {
    var left = ends - Date.now();
    var text = left <= 0 ? ended : left <= WARN_BEFORE ? warn : "";
    if (text && box.textContent !== text) box.textContent = text;
    box.hidden = !text;
  }

  check();
  window.setInterval(check, 30 * 1000);
})();
