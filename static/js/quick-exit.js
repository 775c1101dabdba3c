// Quick exit, after GOV.UK's "Exit this page": hide the page at once, then replace this
// history entry with an empty page. Also on Shift pressed 3 times within 5 seconds.
//
// Back after an exit must show nothing of Steady, online and offline. Replacing the current
// entry is not enough when the family has read several pages: Back would open the one before.
// So Steady keeps a single entry in the history: every move inside it (links, the country
// form, anchors) replaces the entry instead of adding one, and the exit replaces that last
// one. The price: the browser's Back button leaves Steady; the pages carry their own links
// back. The About page says what this does and does not hide.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  var status = document.querySelector("[data-quick-exit-status]");
  var said = (window.steadyTexts && window.steadyTexts.quickExit) || {};
  if (!link) return;
  // about:blank opens with no signal, and the address bar then names nothing at all.
  var EMPTY_PAGE = "about:blank";

  function exitNow() {
    // Hide first: the navigation may take a moment on a slow phone, the page must not.
    document.documentElement.classList.add("quick-exit-active");
    if (status) status.textContent = said.exiting || "";
    window.location.replace(EMPTY_PAGE);
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
      status.textContent = (presses === 1 ? said.one : said.two) || "";
    }
  });

  // One entry in the history: moves inside Steady replace it. Others' handlers run first
  // (the filters, which replace the address themselves), so a handled event is left alone.
  function sameSite(url) {
    return url.origin === window.location.origin && /^https?:$/.test(url.protocol);
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var anchor = event.target.closest && event.target.closest("a[href]");
    if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
    var url = new URL(anchor.href, window.location.href);
    if (!sameSite(url)) return;
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") return;
    var url = new URL(form.action, window.location.href);
    if (!sameSite(url)) return;
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    window.location.replace(url.href);
  });

  // Back can restore this page from the back/forward cache with the page still hidden.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.classList.remove("quick-exit-active");
  });
})();
