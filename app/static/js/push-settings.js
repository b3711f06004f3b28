// The notification settings page ([data-nw-push]): shows this device's state (not supported, iPhone
// without "Add to Home Screen", blocked, off, on) and turns push on (the browser's permission prompt only
// after a tap) or off. Needs push.js (window.nwPush) loaded before it.
(function () {
  "use strict";
  var push = window.nwPush;
  var box = document.querySelector("[data-nw-push]");
  if (!box || !push) return;
  var state = box.querySelector("[data-nw-push-state]");
  var on = box.querySelector("[data-nw-push-on]");
  var off = box.querySelector("[data-nw-push-off]");
  var thisDevice = document.querySelector("[data-nw-this-device]");
  var last = null;  // the subscription made on this page

  function show(name, message) {
    state.textContent = message || box.getAttribute("data-msg-" + name);
    on.hidden = name !== "off" && name !== "denied";
    off.hidden = name !== "on";
    on.disabled = off.disabled = name === "working";
  }

  if (!push.supported) {
    var iOS = /iphone|ipad|ipod/i.test(navigator.userAgent);
    var standalone = navigator.standalone || window.matchMedia("(display-mode: standalone)").matches;
    show(iOS && !standalone ? "ios" : "unsupported");
    return;
  }

  function fromBase64url(text) {
    var base64 = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function askPermission() {
    return new Promise(function (resolve) {
      var asked = Notification.requestPermission(resolve);  // older Safari only takes a callback
      if (asked && asked.then) asked.then(resolve);
    });
  }

  // The app's own words, never the browser's ("Registration failed - permission denied" is English on every
  // phone): the server's message when it refused, the blocked-site help when the browser said no, else what to try.
  function ServerRefusal(message) { this.message = message; }

  function failed(error) {
    if (error instanceof ServerRefusal && error.message) return show("off", error.message);
    if (error && error.name === "NotAllowedError") return show("denied");
    show("off", box.getAttribute("data-msg-failed"));
  }

  function turnOn() {
    show("working");
    askPermission().then(function (permission) {
      if (permission !== "granted") return show(permission === "denied" ? "blocked" : "off");
      return fetch(box.getAttribute("data-key-url"), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error("");
        return response.json();
      }).then(function (key) {
        return push.ready().then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true, applicationServerKey: fromBase64url(key.publicKey)
          });
        });
      }).then(function (subscription) {
        last = subscription;
        return push.post(box.getAttribute("data-subscribe-url"), push.asJson(subscription));
      }).then(function (result) {
        if (!result.ok) throw new ServerRefusal(result.data.message || "");
        push.remember();
        show("on");
      });
    }).catch(failed);
  }

  function unsubscribe() {
    return push.currentSubscription().then(function (subscription) {
      subscription = subscription || last;
      if (!subscription) return;
      var endpoint = subscription.endpoint;
      last = null;
      return Promise.resolve(subscription.unsubscribe && subscription.unsubscribe())
        .catch(function () { /* the server side is what matters */ })
        .then(function () { return push.post(box.getAttribute("data-unsubscribe-url"), { endpoint: endpoint }); });
    });
  }

  function turnOff() {
    show("working");
    unsubscribe().then(function () { show("off"); }).catch(failed);
  }

  on.addEventListener("click", turnOn);
  off.addEventListener("click", turnOff);
  if (thisDevice) {
    // Removing this device from the list also ends the browser's subscription, so no later login re-links it.
    thisDevice.addEventListener("submit", function (event) {
      event.preventDefault();
      push.currentSubscription().then(function (subscription) {
        return subscription && subscription.unsubscribe();
      }).catch(function () { /* removed on the server anyway */ }).then(function () { thisDevice.submit(); });
    });
  }

  if (Notification.permission === "denied") return show("blocked");
  show("checking");
  push.currentSubscription().then(function (subscription) {
    show(subscription && Notification.permission === "granted" && box.getAttribute("data-linked") ? "on" : "off");
  }).catch(function () { show("off"); });
})();
