// Service worker registration, the "new version" banner, the offline indicator, and no offline
// page copies of any other login (the server also sends Clear-Site-Data at logout).
(function () {
  "use strict";
  var status = document.querySelector("[data-nw-offline]");
  function showNetwork() {
    if (status) status.hidden = navigator.onLine;
  }
  window.addEventListener("online", showNetwork);
  window.addEventListener("offline", showNetwork);
  showNetwork();

  // Install: a button where the browser offers it; on iPhone a one-time "Add to Home Screen" guide.
  var install = document.querySelector("[data-nw-install]");
  if (install) {
    window.addEventListener("beforeinstallprompt", function (event) {
      event.preventDefault();
      install.hidden = false;
      install.querySelector("button").onclick = function () {
        install.hidden = true;
        event.prompt();
      };
    });
    window.addEventListener("appinstalled", function () { install.hidden = true; });
  }
  var guide = document.querySelector("[data-nw-ios-guide]");
  var iOS = /iphone|ipad|ipod/i.test(navigator.userAgent);
  var standalone = navigator.standalone || window.matchMedia("(display-mode: standalone)").matches;
  if (guide && iOS && !standalone && !localStorage.getItem("nw-ios-guide-seen")) {
    guide.hidden = false;
    guide.querySelector("button").onclick = function () {
      localStorage.setItem("nw-ios-guide-seen", "1");
      guide.hidden = true;
    };
  }

  if (window.caches) {
    var meta = document.querySelector('meta[name="nw-cache"]');
    var mine = meta && meta.content ? "nw-pages-" + meta.content : null;
    caches.keys().then(function (keys) {
      keys.forEach(function (key) {
        if (key.indexOf("nw-pages-") === 0 && key !== mine) caches.delete(key);
      });
    });
  }

  if (!("serviceWorker" in navigator)) return;
  var banner = document.querySelector("[data-nw-update]");
  var reloading = false;
  function offer(worker) {
    if (!banner || !worker) return;
    banner.hidden = false;
    banner.querySelector("button").onclick = function () {
      reloading = true;
      worker.postMessage({ type: "skip-waiting" });
    };
  }
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading) window.location.reload();
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
    function watch(worker) {
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        // An update (not a first install, nor a fresh one after logout cleared the old): offer it.
        if (worker.state === "installed" && registration.active && navigator.serviceWorker.controller) offer(worker);
      });
    }
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    watch(registration.installing);
    registration.addEventListener("updatefound", function () { watch(registration.installing); });
  }).catch(function () { /* no service worker: the site still works online */ });
})();
