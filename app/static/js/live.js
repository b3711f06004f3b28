// Keeps a [data-live] region of the page up to date (check-in code, who has checked in) by
// fetching the same page again every data-live seconds, and right when a countdown in it runs out
// ([data-countdown]: seconds until the check-in code changes; its number and bar tick every second).
// Without JavaScript the page works: the check-in screen reloads itself, the staff page needs a reload.
// A [data-live-toggle] button stops the updates (WCAG 2.2.2); [data-fullscreen] shows the page full screen.
(function () {
  "use strict";
  var region = document.querySelector("[data-live]");
  if (!region || !window.fetch || !window.DOMParser) return;
  var every = (parseInt(region.getAttribute("data-live"), 10) || 10) * 1000;
  var paused = false;
  var busy = false;
  var fetchedAt = Date.now();
  var deadline = 0; // when the shown code runs out (this browser's clock), 0 without a countdown

  var toggle = document.querySelector("[data-live-toggle]");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      paused = !paused;
      toggle.setAttribute("aria-pressed", String(paused));
    });
  }

  var full = document.querySelector("[data-fullscreen]");
  var root = document.documentElement;
  if (full && root.requestFullscreen && document.exitFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function () {
      var done = document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen();
      if (done && done.catch) done.catch(function () { /* refused (e.g. not allowed here): stay as we are */ });
    });
    document.addEventListener("fullscreenchange", function () {
      full.setAttribute("aria-pressed", String(Boolean(document.fullscreenElement)));
    });
  }

  function startCountdown() {
    var box = region.querySelector("[data-countdown]");
    var seconds = box ? parseInt(box.getAttribute("data-countdown"), 10) : 0;
    deadline = seconds > 0 ? Date.now() + seconds * 1000 : 0;
    if (!deadline) return;
    box.querySelectorAll("[hidden]").forEach(function (part) { part.hidden = false; });
    tick();
  }

  function tick() {
    if (!deadline) return;
    var box = region.querySelector("[data-countdown]");
    if (!box) return;
    var step = parseInt(box.getAttribute("data-step"), 10) || 60;
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    var number = box.querySelector("[data-seconds]");
    if (number) number.textContent = String(left);
    var bar = box.querySelector("[data-countdown-bar] > span");
    if (bar) bar.style.transform = "scaleX(" + Math.min(1, left / step) + ")";
    if (left === 0) refresh(true);
  }

  function refresh(now) {
    if (busy || paused || (!now && document.hidden)) return;
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        if (fresh) {
          region.innerHTML = fresh.innerHTML;
          every = (parseInt(fresh.getAttribute("data-live"), 10) || 10) * 1000;
          startCountdown();
        } else if (deadline) {
          deadline = Date.now() + 5000; // logged out or an error page: try again in a moment
        }
      })
      .catch(function () {
        if (deadline) deadline = Date.now() + 5000; // offline for a moment: try again soon
      })
      .then(function () {
        busy = false;
        fetchedAt = Date.now();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) refresh(true);
  });
  window.setInterval(function () {
    tick();
    if (Date.now() - fetchedAt >= every) refresh(false);
  }, 1000);
  startCountdown();
})();
