// The install button, where the browser offers one (Chromium's beforeinstallprompt).
// Other browsers get the written steps on the page, which are always there.
(function () {
  "use strict";
  var offer = document.querySelector("[data-install]");
  var done = document.querySelector("[data-install-done]");
  if (!offer) return;
  var deferred = null;

  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    deferred = event;
    offer.hidden = false;
  });

  offer.querySelector("[data-install-button]").addEventListener("click", function () {
    if (!deferred) return;
    deferred.prompt();
    deferred.userChoice.then(function () {
      deferred = null;
      offer.hidden = true;
    });
  });

  window.addEventListener("appinstalled", function () {
    offer.hidden = true;
    done.hidden = false;
  });
})();
