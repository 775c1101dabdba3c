// Messages waiting in the outbox (service_worker/outbox.js) are sent when any Steady page opens
// and when the browser comes back online: the triggers for browsers without Background Sync.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  function wake() {
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "OUTBOX_SEND" });
  }
  wake();
  window.addEventListener("online", wake);
})();
