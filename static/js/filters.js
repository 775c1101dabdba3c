// Filter the library in place: every card is on the page, so filtering needs no network.
// The address is updated as the server would have it, so a filtered list stays a link a parent
// can share, and a filtered address opened offline (the worker then serves the whole library)
// shows the right cards. The address is replaced, not pushed: Steady keeps one entry in the
// history, so that Back after a quick exit shows nothing of it (quick-exit.js).
(function () {
  "use strict";
  var form = document.querySelector("[data-filter-form]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var count = document.querySelector("[data-result-count]");
  var noMatch = document.querySelector("[data-no-match]");
  var activeFilters = document.querySelector("[data-active-filters]");
  var clear = form.querySelector("[data-clear-filters]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));

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
    if (clear) clear.hidden = !params.toString();
    showCounts(byFacet);
  }

  // How many cards each option would show if it were ticked too, as the server counts them.
  function showCounts(byFacet) {
    boxes.forEach(function (box) {
      var withIt = Object.assign({}, byFacet);
      withIt[box.name] = (byFacet[box.name] || []).concat([box.value]);
      var n = cards.filter(function (card) { return matches(card, withIt); }).length;
      var label = box.parentNode.querySelector("[data-option-count]");
      if (label) label.textContent = "(" + n + ")";
    });
  }

  function ticked() {
    return knownParams("?" + new URLSearchParams(new FormData(form)).toString());
  }

  // Counts follow the ticks before the family presses the button.
  form.addEventListener("change", function () { showCounts(chosen(ticked())); });

  if (clear) {
    clear.addEventListener("click", function (event) {
      event.preventDefault();
      history.replaceState(null, "", window.location.pathname);
      apply(new URLSearchParams());
    });
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
    var params = ticked();
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    apply(params);
  });

  // Served the whole library for a filtered address (offline): filter it now.
  var current = knownParams(window.location.search);
  var rendered = cards.filter(function (card) { return !card.hidden; }).length;
  if (current.toString() && rendered === cards.length) apply(current);
})();
