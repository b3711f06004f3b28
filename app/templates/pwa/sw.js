// NEXTWORK service worker. App shell (CSS, JS, icons, offline page): cache first, precached per version.
// Pages: network first; a copy of a few personal pages is kept per login for offline use, marked as such.
"use strict";
var VERSION = {{ version|tojson }};
var SHELL_CACHE = "nw-shell-" + VERSION;
var SHELL = {{ shell|tojson }};
var OFFLINE_URL = {{ offline_url|tojson }};
var PAGES = {{ pages|tojson }};
var FORMS = {{ forms|tojson }};
var PAGE_CACHE = "nw-pages-";
var TIMEOUT = 3000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SHELL.concat([OFFLINE_URL]));
  }));
});

function dropCaches(prefix, keep) {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(prefix) === 0 && key !== keep;
    }).map(function (key) { return caches.delete(key); }));
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(dropCaches("nw-shell-", SHELL_CACHE).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

// Background Sync: ask the open pages to send their queued requests (queue.js does the sending).
self.addEventListener("sync", function (event) {
  if (event.tag !== "nextwork-queue") return;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "flush-queue" }); });
  }));
});

function store(name, path, response) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    headers.set("X-NW-Stored-At", new Date().toISOString());
    return caches.open(name).then(function (cache) {
      return cache.put(path, new Response(body, { status: 200, headers: headers }));
    });
  });
}

// The forms this login has no copy of yet, fetched now, so they open offline even if never visited.
function storeForms(name, id) {
  return caches.open(name).then(function (cache) {
    return Promise.all(FORMS.map(function (path) {
      return cache.match(path).then(function (hit) {
        if (hit) return;
        return fetch(path, { credentials: "same-origin" }).then(function (response) {
          var same = response.ok && response.headers.get("X-NW-Cache") === id && new URL(response.url).pathname === path;
          return same ? store(name, path, response) : null;
        });
      });
    }));
  }).catch(function () { /* offline or gone: the next page tries again */ });
}

// Keep a copy of a personal page in this login's cache (and the forms it can open offline); a page without
// X-NW-Cache (logged out) or with another login's id wipes every other login's copies.
function remember(path, response) {
  var id = response.headers.get("X-NW-Cache");
  var name = id ? PAGE_CACHE + id : null;
  var wanted = name && response.ok && PAGES.indexOf(path) >= 0 && new URL(response.url).pathname === path;
  return dropCaches(PAGE_CACHE, name).then(function () {
    if (!name || !response.ok) return;
    return Promise.all([wanted ? store(name, path, response) : null, storeForms(name, id)]);
  });
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
}

// The stored copy, with its "Offline — last updated …" banner shown (the text is in the page, translated).
function storedPage(path) {
  return caches.keys().then(function (keys) {
    var name = keys.filter(function (key) { return key.indexOf(PAGE_CACHE) === 0; })[0];
    return name && caches.open(name).then(function (cache) {
      return cache.match(path, { ignoreSearch: true, ignoreVary: true });
    });
  }).then(function (response) {
    if (!response) return null;
    var stored = response.headers.get("X-NW-Stored-At") || "";
    return response.text().then(function (html) {
      var lang = (/<html lang="([A-Za-z-]+)"/.exec(html) || [])[1];
      var when = stored;
      try {
        when = new Date(stored).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
      } catch (e) { /* keep the ISO time */ }
      if (FORMS.indexOf(path) < 0) {  // a form is not old data: what is written there waits and is sent later
        html = html.replace("data-nw-offline-copy hidden", "data-nw-offline-copy")
          .replace("<time data-nw-stored></time>",
            '<time data-nw-stored datetime="' + escapeHtml(stored) + '">' + escapeHtml(when) + "</time>");
      }
      var headers = new Headers(response.headers);
      headers.set("X-NW-From-Cache", "1");
      return new Response(html, { status: 200, headers: headers });
    });
  });
}

function offlinePage() {
  return caches.open(SHELL_CACHE).then(function (cache) { return cache.match(OFFLINE_URL); })
    .then(function (response) { return response || Response.error(); });
}

function page(event, path) {
  var network = fetch(event.request).then(function (response) {
    event.waitUntil(remember(path, response.clone()));
    return response;
  });
  if (PAGES.indexOf(path) < 0) return network.catch(offlinePage);
  return new Promise(function (resolve) {
    var done = false;
    function answer(response) {
      if (!done && response) { done = true; resolve(response); }
    }
    network.then(answer, function () {
      storedPage(path).then(function (copy) { return copy || offlinePage(); }).then(answer);
    });
    setTimeout(function () { storedPage(path).then(answer); }, TIMEOUT);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(SHELL_CACHE).then(function (cache) { return cache.match(request); })
      .then(function (hit) { return hit || fetch(request); }));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event, url.pathname));
  }
});

// Push: the payload carries only a kind, an opaque id, generic text and the page to open (/inbox/<ref>).
var ICON = {{ static_url("icons/icon-192.png")|tojson }};

function samePage(url) {
  try {
    var target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.pathname + target.search + target.hash : null;
  } catch (e) {
    return null;
  }
}

self.addEventListener("push", function (event) {
  var data = null;
  try {
    data = event.data ? event.data.json() : null;
  } catch (e) { /* not JSON: show the generic notification */ }
  if (!data || typeof data !== "object") data = {};
  var text = function (value) { return typeof value === "string" ? value.slice(0, 200) : ""; };
  var options = { body: text(data.body), icon: ICON, data: { url: samePage(text(data.url) || "/inbox") || "/inbox" } };
  if (text(data.tag)) options.tag = text(data.tag);
  event.waitUntil(self.registration.showNotification(text(data.title) || "NEXTWORK", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = samePage((event.notification.data && event.notification.data.url) || "/inbox") || "/inbox";
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    var open = windows.filter(function (client) { return new URL(client.url).origin === self.location.origin; })[0];
    if (!open) return self.clients.openWindow(url);
    return open.focus().then(function (client) {
      return (client || open).navigate(url);
    }).catch(function () { return self.clients.openWindow(url); });
  }));
});
