// Push on this device, on every page of a logged-in person: if the browser already allows notifications
// and has a subscription, send it once per login, so a new login on a shared phone links the phone to them
// (logging out unlinked it on the server). push-settings.js (the settings page) uses window.nwPush.
(function () {
  "use strict";
  var LINKED = "nw-push-linked";
  var meta = document.querySelector('meta[name="nw-cache"]');
  var login = meta && meta.content;
  var csrf = document.querySelector('meta[name="csrf-token"]');
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

  if (supported && login && Notification.permission === "granted" && stored() !== login) {
    currentSubscription().then(function (subscription) {
      if (!subscription) return;
      return post("/push/subscribe", asJson(subscription)).then(function (result) {
        if (result.status !== 401) remember();  // a refused subscription is not sent again on every page
      });
    }).catch(function () { /* offline: try again on the next page */ });
  }

  window.nwPush = {
    supported: supported, post: post, ready: ready, asJson: asJson, remember: remember,
    currentSubscription: currentSubscription
  };
})();
