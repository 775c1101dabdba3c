// Filter the library in place: every card is on the page, so filtering needs no network.
// The address is updated as the server would have it, so a filtered list stays a link a parent
// can share, and a filtered address opened offline (the worker then serves the whole library)
// shows the right cards.
(function () {
  "use strict";
  var form = document.querySelector("[data-filter-form]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var count = document.querySelector("[data-result-count]");
  var noMatch = document.querySelector("[data-no-match]");
  var activeFilters = document.querySelector("[data-active-filters]");

  function chosen(params) {
    var byFacet = {};
    params.forEach(function (value, name) {
      (byFacet[name] = byFacet[name] || []).push(value);
    });
    return byFacet;
  }

  function matches(card, byFacet) {
    return Object.keys(byFacet).every(function (facet) {
      var tags = (card.getAttribute("data-" + facet) || "").split(" ");
      return byFacet[facet].some(function (value) { return tags.indexOf(value) !== -1; });
    });
  }

  function apply(params) {
    var byFacet = chosen(params);
    var shown = 0;
    cards.forEach(function (card) {
      var show = matches(card, byFacet);
      card.hidden = !show;
      if (show) shown += 1;
    });
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = (byFacet[box.name] || []).indexOf(box.value) !== -1;
    });
    count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", cards.length);
    noMatch.hidden = shown > 0;
    if (activeFilters) activeFilters.hidden = true;
  }

  function knownParams(search) {
    var params = new URLSearchParams();
    new URLSearchParams(search).forEach(function (value, name) {
      if (form.querySelector('input[name="' + CSS.escape(name) + '"][value="' + CSS.escape(value) + '"]')) {
        params.append(name, value);
      }
    });
    return params;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = knownParams("?" + new URLSearchParams(new FormData(form)).toString());
    var query = params.toString();
    history.pushState(null, "", window.location.pathname + (query ? "?" + query : ""));
    apply(params);
  });

  window.addEventListener("popstate", function () { apply(knownParams(window.location.search)); });

  // Served the whole library for a filtered address (offline): filter it now.
  var current = knownParams(window.location.search);
  var rendered = cards.filter(function (card) { return !card.hidden; }).length;
  if (current.toString() && rendered === cards.length) apply(current);
})();
