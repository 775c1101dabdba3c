// Quick exit, after GOV.UK's "Exit this page": hide the page at once, then replace this
// history entry with a neutral page. Also on Shift pressed 3 times within 5 seconds.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  var status = document.querySelector("[data-quick-exit-status]");
  if (!link) return;

  function exitNow() {
    // Hide first: the navigation may take a moment on a slow phone, the page must not.
    document.documentElement.classList.add("quick-exit-active");
    if (status) status.textContent = status.dataset.exiting;
    window.location.replace(link.href);
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    exitNow();
  });

  var presses = 0;
  var timer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () {
      presses = 0;
      if (status) status.textContent = "";
    }, 5000);
    if (presses >= 3) {
      presses = 0;
      exitNow();
    } else if (status) {
      status.textContent = presses === 1 ? status.dataset.one : status.dataset.two;
    }
  });

  // Back can restore this page from the back/forward cache with the page still hidden.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.classList.remove("quick-exit-active");
  });
})();
