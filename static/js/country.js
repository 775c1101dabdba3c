// Remember the country the family picked (on the crisis page or in Start here), on this device
// only, and follow it: every "get help" link and the call buttons at the top of each page.
// The stored pages are the same for everyone (they show the language's default country);
// every country's buttons come with this language's script texts. Nothing is sent anywhere.
(function () {
  "use strict";
  var KEY = "steady-country";
  var store;
  try { store = window.localStorage; } catch (error) { return; }
  if (!store) return;
  var calls = (window.steadyTexts && window.steadyTexts.calls) || {};

  function hasCalls(code) {
    return Object.prototype.hasOwnProperty.call(calls, code);
  }

  function known(code) {
    return code && (hasCalls(code) ||
      document.querySelector('[data-country-form] option[value="' + CSS.escape(code) + '"]'));
  }

  var answered = document.querySelector("[data-chosen-country]");
  var picked = answered ? answered.getAttribute("data-chosen-country")
    : new URLSearchParams(window.location.search).get("country");
  if (picked && (answered || known(picked))) store.setItem(KEY, picked);
  // No choice yet: the country of the browser's own language setting (what it sends as
  // Accept-Language), where it matches this page's language and we list it: "es-MX" on a
  // Spanish page means Mexico. Followed, not remembered: the family has not chosen it.
  function fromBrowserLanguage() {
    var page = document.documentElement.lang;
    var tags = navigator.languages || [navigator.language];
    for (var i = 0; i < tags.length; i++) {
      var parts = String(tags[i]).toLowerCase().split("-");
      if (parts[0] === page && parts[1] && known(parts[1])) return parts[1];
    }
    return null;
  }

  var saved = store.getItem(KEY) || fromBrowserLanguage();
  if (!saved) return;

  document.querySelectorAll("[data-crisis-link]").forEach(function (link) {
    var url = new URL(link.href);
    url.searchParams.set("country", saved);
    link.href = url.pathname + url.search;
  });

  var shown = document.querySelector("[data-calls]");
  if (shown && hasCalls(saved)) {
    var parsed = document.createElement("template");
    parsed.innerHTML = calls[saved];  // rendered and escaped by the server, like the page
    shown.replaceChildren(parsed.content);
  }
})();
