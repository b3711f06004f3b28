// Service worker registration, the "new version" banner, the offline indicator, no offline page copies of any
// other login (the server also sends Clear-Site-Data at logout), and logging out while offline.
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

  var meta = document.querySelector('meta[name="nw-cache"]');
  function dropPages(keep) {
    return window.caches ? caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("nw-pages-") === 0 && key !== keep;
      }).map(function (key) { return caches.delete(key); }));
    }) : Promise.resolve();
  }
  if (!document.querySelector("[data-nw-offline-page]")) {  // the offline page cannot tell who is logged in
    dropPages(meta && meta.content ? "nw-pages-" + meta.content : null).catch(function () { /* no storage */ });
  }

  // Logging out offline (also "Log out on all devices"): this login's copies leave the phone at once (page copies,
  // the send-later queue), and a cookie asks the server to end the login (or all of them) with the next request
  // that reaches it (app/pwa/offline_logout.py). Online the form posts as usual; the answer clears the storage.
  document.addEventListener("submit", function (event) {
    var logout = event.target;
    var action = logout.getAttribute && logout.getAttribute("action") || "";
    var all = /\/me\/logout-all$/.test(action);
    if (!meta || !meta.content || !(logout.classList.contains("logout") || all)) return;
    var secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = "nw_logout=" + meta.content + (all ? ".all" : "") + "; path=/; max-age=31536000; samesite=lax" +
      secure;
    if (navigator.onLine !== false) return;
    event.preventDefault();
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* private mode */ }
    var queue = new Promise(function (resolve) {
      if (!window.indexedDB) return resolve();
      var request = indexedDB.deleteDatabase("nextwork-queue");
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
    Promise.all([dropPages(null), queue]).catch(function () { /* nothing stored */ }).then(function () {
      location.replace("/login");
    });
  });
  var loggedOut = document.querySelector("[data-nw-logged-out]");
  if (loggedOut && document.cookie.indexOf("nw_logout=") >= 0) loggedOut.hidden = false;

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
