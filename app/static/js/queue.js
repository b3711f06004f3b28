// Send later: a form marked data-queue="<api url>" that is submitted while the phone is offline is
// kept on the device (IndexedDB) with an idempotency key, shown as "waiting to send", and sent to the
// JSON endpoint when the connection returns: on page load, on `online`, and when the service worker
// posts {type: "flush-queue"} (Background Sync tag "nextwork-queue"). An item is removed only after
// the server answers: 2xx (done), or 400/403/404/409/413/422 (never going to work: the message and
// the text stay on screen). 401 or an expired CSRF token keeps it and asks the person to log in.
// Online, the forms post as plain HTML, as they do without JavaScript.
(function () {
  "use strict";
  var box = document.querySelector("[data-queue-box]");
  if (!box || !window.indexedDB || !window.fetch || !window.Promise || !window.crypto) return;
  var user = box.getAttribute("data-user");
  var list = box.querySelector("[data-queue-list]");
  var login = box.querySelector("[data-queue-login]");
  var notes = box.querySelector("[data-queue-notes]");
  var texts = box.dataset;
  var STORE = "items";
  var flushing = false;
  var again = false;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("nextwork-queue", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function mine() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).filter(function (item) { return item.user === user; });
    });
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // A page kept for offline use carries the key it was stored with: each opening of a form gets its own.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-queue] input[name=key]"), function (input) {
    input.value = newKey();
  });

  function summary(item) {
    var text = item.body.text || item.body.reason || item.body.hours || "";
    return item.label + (text ? ": " + String(text).slice(0, 80) : "");
  }

  function show() {
    return mine().then(function (items) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = summary(item);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      box.querySelector("[data-queue-waiting]").hidden = items.length === 0;
      if (!items.length) login.hidden = true;
      box.hidden = !items.length && !notes.childElementCount;
      return items;
    });
  }

  function note(message, text) {
    var p = document.createElement("p");
    p.className = "flash" + (text ? " flash-error" : "");
    p.textContent = text ? message + " " + texts.failed : message;
    notes.appendChild(p);
    if (text) {
      var kept = document.createElement("blockquote");
      kept.textContent = text;
      notes.appendChild(kept);
    }
    box.hidden = false;
  }

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // "sent", "drop", "login" or "later" for one item.
  function send(item) {
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "Idempotency-Key": item.key, "X-CSRFToken": csrf() },
      body: JSON.stringify(item.body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        var status = response.status;
        if (status >= 200 && status < 300) { note(answer.message || ""); return "sent"; }
        if (status === 401 || status === 0 || (status === 400 && answer.error === "csrf")) return "login";
        if ([400, 403, 404, 409, 413, 422].indexOf(status) >= 0) {
          note(answer.message || "", item.body.text || item.body.reason || "");
          return "drop";
        }
        return "later";
      });
    }, function () { return "later"; });
  }

  function flush() {
    if (navigator.onLine === false) return Promise.resolve();
    if (flushing) { again = true; return Promise.resolve(); }
    flushing = true;
    again = false;
    return mine().then(function (items) {
      var stop = false;
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          if (stop) return;
          return send(item).then(function (outcome) {
            if (outcome === "sent" || outcome === "drop") {
              return run("readwrite", function (store) { store.delete(item.id); });
            }
            stop = true;
            login.hidden = outcome !== "login";
          });
        });
      }, Promise.resolve());
    }).catch(function () { /* storage unavailable: try again at the next chance */ })
      .then(function () { flushing = false; return again ? flush() : show(); });
  }

  function bodyOf(form, submitter) {
    var body = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") body[name] = value;
    });
    if (submitter && submitter.name) body[submitter.name] = submitter.value;
    return body;
  }

  // A form with its own idempotency key (input name="key") is sent with it, so the same form sent online later has
  // no second effect; the form then gets a fresh key for whatever is written next.
  function keep(form, submitter) {
    var body = bodyOf(form, submitter);
    var item = { user: user, url: form.getAttribute("data-queue"), key: body.key || newKey(), body: body,
                 label: form.getAttribute("data-queue-label") || (submitter ? submitter.textContent.trim() : ""),
                 created: Date.now() };
    return run("readwrite", function (store) { store.add(item); }).then(function () {
      form.reset();
      if (form.elements.key) form.elements.key.value = newKey();
      note(texts.offline);
      if (navigator.serviceWorker) {
        navigator.serviceWorker.ready.then(function (registration) {
          return registration.sync && registration.sync.register("nextwork-queue");
        }).catch(function () { /* no Background Sync: `online` and the next page load send it */ });
      }
      return show();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-queue") || navigator.onLine !== false) return;
    if (event.submitter && event.submitter.hasAttribute("data-idea")) return;  // not a send: counter.js handles it
    event.preventDefault();
    keep(form, event.submitter).catch(function () { form.submit(); });
  });
  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "flush-queue") flush();
    });
    if (navigator.serviceWorker.startMessages) navigator.serviceWorker.startMessages();
  }
  show().then(flush).catch(function () { /* private mode without IndexedDB: forms still post as HTML */ });
})();
