// Messages waiting in the outbox (service_worker/outbox.js) are sent when any Steady page opens
// and when the browser comes back online: the triggers for browsers without Background Sync.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var send = { type: window.STEADY_PROTOCOL.asks.outboxSend };
  function wake() {
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage(send);
  }
  wake();
  window.addEventListener("online", wake);
})();
