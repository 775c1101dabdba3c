// Saving Steady for offline use, and showing the family how that goes: progress while the
// service worker saves, "Ready to use offline" with the date, a plain message and a retry if
// it failed, and "A new version is ready: Update" when an update waits for their consent.
//
// It says only what is true: a language not saved yet is named as such, with a button to save
// it; a browser that cannot run the worker at all (an old one, some private windows) is told
// that offline saving is not available in it, not to check a connection that is fine.
(function () {
  "use strict";
  var box = document.querySelector("[data-offline-status]");
  if (!box) return;
  var message = box.querySelector("[data-offline-message]");
  // Said in the page's language (script-texts.js); if those words could not load, the status
  // stays hidden rather than show an empty box. The buttons carry their own words.
  var texts = (window.steadyTexts && window.steadyTexts.offline) || {};
  if (!("serviceWorker" in navigator)) {
    say(texts.unavailable);
    return;
  }
  var protocol = window.STEADY_PROTOCOL;
  var asks = protocol.asks;
  var tells = protocol.tells;
  var stages = protocol.stages;
  var save = box.querySelector("[data-offline-save]");
  var savingLocale = false;
  var progress = box.querySelector("[data-offline-progress]");
  var retry = box.querySelector("[data-offline-retry]");
  var update = box.querySelector("[data-update]");
  var locale = document.documentElement.lang;
  var updateAccepted = false;
  var waitingWorker = null;

  function say(text) {
    if (!text) return;
    box.hidden = false;
    if (message.textContent !== text) message.textContent = text;
  }

  // The worker reports every saved page, hundreds while a parent may be reading: the page is
  // redrawn at most once a frame, so saving never makes the page slow to respond.
  var latest = null;
  function showProgress(done, total, text) {
    if (failed) return;  // a failed attempt's last downloads; the retry button starts anew
    if (latest === null) window.requestAnimationFrame(drawProgress);
    latest = { done: done, total: total, text: text };
  }

  function drawProgress() {
    var shown = latest;
    latest = null;
    if (!shown || failed) return;
    progress.hidden = false;
    progress.max = shown.total || 1;
    progress.value = shown.done;
    retry.hidden = true;
    say((shown.text || "").replace("{done}", shown.done).replace("{total}", shown.total));
  }

  function showSaved(savedAt) {
    if (failed) return;
    latest = null;  // a progress still waiting for a frame is out of date now
    progress.hidden = true;
    retry.hidden = true;
    var date = new Date(savedAt).toLocaleDateString(locale, { year: "numeric", month: "long", day: "numeric" });
    say((texts.ready || "").replace("{date}", date));
    askToKeep();
  }

  var failed = false;
  // Saving comes in two stages: this language's crisis help and Start here first (they open
  // offline from then on), then the rest of its pages.
  var helpSaved = false;

  // This language has no complete saved copy: say so, and what of it opens offline already,
  // and offer to save it (started at once when online).
  function showNotSaved() {
    latest = null;
    progress.hidden = true;
    retry.hidden = true;
    save.hidden = false;
    say(helpSaved ? texts.helpOnly : texts.languageNotSaved);
  }

  function saveLocale(worker) {
    savingLocale = true;
    failed = false;
    save.hidden = true;
    worker.postMessage({ type: asks.saveLocale, locale: locale });
  }

  save.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) { saveLocale(registration.active); });
  });

  function showUnavailable() {
    progress.hidden = true;
    retry.hidden = true;
    say(texts.unavailable);
  }

  function showFailed() {
    if (savingLocale) {
      savingLocale = false;
      showNotSaved();
      return;
    }
    failed = true;
    latest = null;
    progress.hidden = true;
    retry.hidden = false;
    // With a working copy already saved, say that it still works.
    say(navigator.serviceWorker.controller ? texts.updateFailed : texts.failed);
  }

  // Browsers may clear saved sites that are not used for a while; ask to keep Steady.
  function askToKeep() {
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then(function (kept) {
        if (!kept) navigator.storage.persist();
      });
    }
  }

  function showUpdate(worker) {
    waitingWorker = worker;
    box.hidden = false;
    update.hidden = false;
  }

  update.querySelector("[data-update-button]").addEventListener("click", function () {
    if (!waitingWorker) return;
    updateAccepted = true;
    waitingWorker.postMessage({ type: asks.skipWaiting });
  });

  // Reload only after the family agreed to update: the first install also changes the
  // controller, and must never reload a page a parent is reading.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (updateAccepted) window.location.reload();
  });

  // The rest of another language (English, kept as the fallback) is no news on this page.
  function aboutOtherLanguage(data) {
    return data.stage === stages.library && (data.locales || []).indexOf(locale) === -1;
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (aboutOtherLanguage(data)) return;
    if (data.type === tells.progress) {
      showProgress(data.done, data.total, data.stage === stages.library && helpSaved ? texts.helpSaving : texts.saving);
    } else if (data.type === tells.failed && data.stage === stages.library && helpSaved) {
      savingLocale = false;
      showNotSaved();
    } else if (data.type === tells.failed) showFailed();
    else if (data.type === tells.saved) askStatus();
    else if (data.type === tells.status && data.locale === locale) {
      helpSaved = Boolean(data.helpSavedAt);
      // Not saved yet in this language: say so; the family uses it, so save it when online.
      if (data.savedAt) {
        savingLocale = false;
        save.hidden = true;
        showSaved(data.savedAt);
      } else if (!savingLocale) {
        showNotSaved();
        if (navigator.onLine) saveLocale(event.source);
      }
    }
  });
  navigator.serviceWorker.startMessages();

  function askStatus() {
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({ type: asks.status, locale: locale });
    });
  }

  function follow(worker) {
    worker.addEventListener("statechange", function () {
      if (worker.state === "installed" && navigator.serviceWorker.controller) showUpdate(worker);
      if (worker.state === "redundant" && !updateAccepted) showFailed();
    });
  }

  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration.waiting);
    // An update may have started before this page asked: follow it too.
    if (registration.installing) follow(registration.installing);
    registration.addEventListener("updatefound", function () { follow(registration.installing); });
  }

  function register() {
    var registered = navigator.serviceWorker.register(protocol.workerUrl, { scope: protocol.workerScope });
    return registered.then(function (registration) {
      watch(registration);
      if (registration.active) askStatus();
      return registration;
    }).catch(function (error) {
      // A SecurityError is the browser refusing workers here, whatever the connection.
      if (error && error.name === "SecurityError") showUnavailable();
      else showFailed();
    });
  }

  retry.addEventListener("click", function () {
    retry.hidden = true;
    failed = false;
    navigator.serviceWorker.getRegistration(protocol.workerScope).then(function (registration) {
      if (registration && registration.active) {
        registration.active.postMessage({ type: asks.saveLocale, locale: locale });
        return registration.update();
      }
      return register();
    }).catch(showFailed);
  });

  // On the offline page, list only what this device really has saved, and say plainly when
  // this language is not saved (only its crisis page is, with English as the fallback).
  var savedList = document.querySelector("[data-saved-list]");
  if (savedList && window.caches) {
    var items = Array.prototype.slice.call(savedList.querySelectorAll("li"));
    Promise.all(items.map(function (item) {
      return caches.match(item.querySelector("a").getAttribute("href")).then(function (response) {
        item.hidden = !response;
        return !!response;
      });
    })).then(function (saved) {
      if (saved.indexOf(true) === -1) document.querySelector("[data-not-saved]").hidden = false;
    });
  }

  window.addEventListener("online", askStatus);
  window.addEventListener("appinstalled", askToKeep);
  // After the page has loaded, as Workbox advises: on a first visit the page a parent came for
  // comes first, and the downloads for offline use do not compete with it.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
