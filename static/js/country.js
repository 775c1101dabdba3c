// Remember the country the family picked on the crisis page, on this device only, and
// point every "get help" link at it. Nothing is sent anywhere.
(function () {
  "use strict";
  var KEY = "steady-country";
  var store;
  try { store = window.localStorage; } catch (error) { return; }

  var picked = new URLSearchParams(window.location.search).get("country");
  var form = document.querySelector("[data-country-form]");
  if (picked && form && form.querySelector('option[value="' + CSS.escape(picked) + '"]')) {
    store.setItem(KEY, picked);
  }
  var saved = store.getItem(KEY);
  if (!saved) return;
  document.querySelectorAll("[data-crisis-link]").forEach(function (link) {
    var url = new URL(link.href);
    url.searchParams.set("country", saved);
    link.href = url.pathname + url.search;
  });
})();
