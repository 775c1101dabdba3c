// Remember the country the family picked (on the crisis page or in Start here), on this device
// only, and follow it: every "get help" link and the call buttons at the top of each page.
// The stored pages are the same for everyone (they show the language's default country);
// the buttons of every other country wait in <template>s. Nothing is sent anywhere.
(function () {
  "use strict";
  var KEY = "steady-country";
  var store;
  try { store = window.localStorage; } catch (error) { return; }
  if (!store) return;

  function known(code) {
    return code && (document.querySelector('template[data-calls-for="' + CSS.escape(code) + '"]') ||
      document.querySelector('[data-country-form] option[value="' + CSS.escape(code) + '"]'));
  }

  var answered = document.querySelector("[data-chosen-country]");
  var picked = answered ? answered.getAttribute("data-chosen-country")
    : new URLSearchParams(window.location.search).get("country");
  if (picked && (answered || known(picked))) store.setItem(KEY, picked);
  var saved = store.getItem(KEY);
  if (!saved) return;

  document.querySelectorAll("[data-crisis-link]").forEach(function (link) {
    var url = new URL(link.href);
    url.searchParams.set("country", saved);
    link.href = url.pathname + url.search;
  });

  var calls = document.querySelector("[data-calls]");
  var other = document.querySelector('template[data-calls-for="' + CSS.escape(saved) + '"]');
  if (calls && other) calls.replaceChildren(other.content.cloneNode(true));
})();
