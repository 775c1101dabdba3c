// The Notifications page: shows this browser's true state (on, off, blocked, not available,
// or needing Steady on the Home Screen first) and turns push on or off. The browser's
// permission prompt is opened only inside the tap on "Turn on", never on page load.
(function () {
  "use strict";
  var root = document.querySelector("[data-push]");
  if (!root) return;
  var controls = root.querySelector("[data-push-controls]");
  var onButton = root.querySelector("[data-push-on]");
  var offButton = root.querySelector("[data-push-off]");
  var asks = root.querySelector("[data-push-asks]");
  var checkIns = root.querySelector("[data-push-check-ins]");
  var message = root.querySelector("[data-push-message]");
  var locale = document.documentElement.lang;
  var plain = root.dataset.plain === "true";
  var protocol = window.STEADY_PROTOCOL;  // from the script every page runs, loaded before this
  // Which topics this phone chose: kept here so a visit can re-send the subscription (its
  // endpoint may have changed) without forgetting the choice.
  var CHOICE_KEY = "steady-push-check-ins";
  // A browser without a push service (some de-Googled or headless Chromiums) may never answer
  // subscribe(): the page gives up in time to say so within 10 seconds of the tap.
  var SUBSCRIBE_TIMEOUT_MS = 8000;

  function show(state) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-push-state]"), function (element) {
      element.hidden = element.dataset.pushState !== state;
    });
    var usable = state === "on" || state === "off";
    controls.hidden = !usable;
    onButton.hidden = state !== "off";
    asks.hidden = state !== "off" || Notification.permission === "granted";
    offButton.hidden = state !== "on";
  }

  function say(text) {
    message.textContent = text;
  }

  function isAppleMobile() {
    return /iPhone|iPad|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }

  function installed() {
    return navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  }

  function topics() {
    return checkIns.checked ? ["updates", "check-in"] : ["updates"];
  }

  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function send(method, body) {
    return fetch("/push/subscriptions", {
      method: method,
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
      return response;
    });
  }

  function tellServer(subscription) {
    localStorage.setItem(CHOICE_KEY, checkIns.checked ? "yes" : "no");
    return send("POST", {
      subscription: subscription.toJSON(), locale: locale, plain: plain, topics: topics(),
    });
  }

  // Why subscribing failed is the browser's, not the connection's: said in other words.
  function NoPushService() {}

  function failed(error) {
    if (error instanceof NoPushService) return say(root.dataset.noPushService);
    say(navigator.onLine === false ? "" : root.dataset.failed);
    if (navigator.onLine === false) show("offline");
  }

  function turnedOn(subscription) {
    return tellServer(subscription).then(function () {
      show("on");
      say(root.dataset.saved);
    });
  }

  function subscribe() {
    var subscribing = registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: keyBytes(serverKey),
    }).catch(function () { throw new NoPushService(); });
    var gaveUp = new Promise(function (_, reject) {
      setTimeout(function () { reject(new NoPushService()); }, SUBSCRIBE_TIMEOUT_MS);
    });
    return Promise.race([subscribing, gaveUp]).catch(function (error) {
      // An answer after the page gave up is still what the family asked for: then it is on.
      subscribing.then(turnedOn).catch(function () { return null; });
      throw error;
    });
  }

  var registration = null;
  var serverKey = null;

  function turnOn() {
    // Said while the browser works on it, and one tap at a time.
    say(root.dataset.turningOn);
    onButton.disabled = true;
    // Asked here, inside the tap: browsers refuse (or quietly block) a prompt without one.
    var asked = Notification.permission === "granted" ?
      Promise.resolve("granted") : Notification.requestPermission();
    asked.then(function (permission) {
      if (permission === "denied") return show("blocked");
      if (permission !== "granted") return say("");  // dismissed: still off, ask next tap
      return subscribe().then(turnedOn);
    }).catch(failed).then(function () {
      onButton.disabled = false;
    });
  }

  function turnOff() {
    say("");
    registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) return show("off");
      // Removed on the server first; if that fails the phone still stops (and the server
      // forgets it at the next send, when the push service answers 410).
      var endpoint = subscription.endpoint;
      return send("DELETE", { endpoint: endpoint }).catch(function () { return null; })
        .then(function () { return subscription.unsubscribe(); })
        .then(function () {
          show("off");
          say(root.dataset.saved);
        });
    }).catch(failed);
  }

  function changeCheckIns() {
    registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) return null;
      return tellServer(subscription).then(function () { say(root.dataset.saved); });
    }).catch(failed);
  }

  function start() {
    show("checking");
    checkIns.checked = localStorage.getItem(CHOICE_KEY) === "yes";
    var capable = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
    if (!capable) return show(isAppleMobile() && !installed() ? "home-screen" : "unsupported");
    if (Notification.permission === "denied") return show("blocked");
    fetch("/push/key", { credentials: "same-origin" }).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error("the server answered " + response.status);
      return response.json();
    }).then(function (key) {
      if (!key) return show("not-set-up");
      serverKey = key.key;
      var registered = navigator.serviceWorker.register(protocol.workerUrl, { scope: protocol.workerScope });
      return registered.then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (ready) {
        registration = ready;
        return ready.pushManager.getSubscription();
      }).then(function (subscription) {
        if (!subscription || Notification.permission !== "granted") return show("off");
        show("on");
        // Re-sent at each visit: the server may have lost it, or the browser renewed it.
        return tellServer(subscription).catch(function () { return null; });
      });
    }).catch(failed);
  }

  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  checkIns.addEventListener("change", changeCheckIns);
  window.addEventListener("online", start);
  start();
})();
