// Push on this device, on every page of a logged-in person: if the browser already allows notifications
// and has a subscription, send it once per login as a re-link, so the same person logging in again links the
// phone to their new login. The server refuses (409) a re-link of a subscription that is not theirs: on a
// shared phone the next person gets push only after they turn it on themselves (a tap on the settings page).
// push-settings.js (the settings page) uses window.nwPush.
(function () {
  "use strict";
  var LINKED = "nw-push-linked";
  var meta = document.querySelector('meta[name="nw-cache"]');
  var login = meta && meta.content;
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var script = document.currentScript;
  var subscribeUrl = script && script.getAttribute("data-subscribe-url");
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window &&
    !!window.fetch && !!window.Promise;

  function stored() {
    try { return localStorage.getItem(LINKED); } catch (e) { return null; }
  }
  function remember() {
    try { localStorage.setItem(LINKED, login); } catch (e) { /* private mode: send again next time */ }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
        "X-CSRFToken": csrf ? csrf.content : "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function asJson(subscription) {
    return subscription.toJSON ? subscription.toJSON() : subscription;
  }

  function ready() {  // the service worker, or an error if it does not start (then push cannot work)
    return Promise.race([navigator.serviceWorker.ready, new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("")); }, 15000);
    })]);
  }

  function currentSubscription() {
    return ready().then(function (registration) { return registration.pushManager.getSubscription(); });
  }

  if (supported && login && subscribeUrl && Notification.permission === "granted" && stored() !== login) {
    currentSubscription().then(function (subscription) {
      if (!subscription) return;
      return post(subscribeUrl, { subscription: asJson(subscription), relink: true }).then(function (result) {
        if (result.status !== 401) remember();  // a refused re-link (409) is not sent again on every page
      });
    }).catch(function () { /* offline: try again on the next page */ });
  }

  window.nwPush = {
    supported: supported, post: post, ready: ready, asJson: asJson, remember: remember,
    currentSubscription: currentSubscription
  };
})();
