// Keeps a [data-live] region of the page up to date (check-in code, who has checked in) by
// fetching the same page again every few seconds. Without JavaScript the page works; it just
// needs a reload. A button pauses the updates (WCAG 2.2.2).
(function () {
  "use strict";
  var region = document.querySelector("[data-live]");
  if (!region || !window.fetch || !window.DOMParser) return;
  var every = (parseInt(region.getAttribute("data-live"), 10) || 10) * 1000;
  var paused = false;
  var toggle = document.querySelector("[data-live-toggle]");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      paused = !paused;
      toggle.setAttribute("aria-pressed", String(paused));
    });
  }
  function refresh() {
    if (paused || document.hidden) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        if (fresh) region.innerHTML = fresh.innerHTML;
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }
  window.setInterval(refresh, every);
})();
