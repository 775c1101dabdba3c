// Filter the library in place: with every card on the page, filtering needs no network.
// A filtered page from the server holds only the matching cards (its list is marked partial),
// so before the first change the whole list is taken from the library page itself, which the
// worker has saved for offline use.
// The address is updated as the server would have it, so a filtered list stays a link a parent
// can share, and a filtered address opened offline (the worker then serves the whole library)
// shows the right cards. The address is replaced, not pushed: Steady keeps one entry in the
// history, so that Back after a quick exit shows nothing of it (quick-exit.js).
(function () {
  "use strict";
  var form = document.querySelector("[data-filter-form]");
  if (!form) return;
  var list = document.querySelector("ul.cards");
  var cards = Array.prototype.slice.call(list.querySelectorAll(".card"));
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

  // Every card on the page, fetched once if the server sent only the matching ones.
  var completing = null;
  function whole() {
    if (!list.hasAttribute("data-partial")) return Promise.resolve();
    if (!completing) {
      completing = fetch(window.location.pathname).then(function (response) {
        if (!response.ok) throw new Error("library " + response.status);
        return response.text();
      }).then(function (html) {
        var full = new DOMParser().parseFromString(html, "text/html").querySelector("ul.cards");
        if (!full || full.hasAttribute("data-partial")) throw new Error("no whole library");
        list.replaceChildren.apply(list, Array.prototype.slice.call(full.children));
        list.removeAttribute("data-partial");
        cards = Array.prototype.slice.call(list.querySelectorAll(".card"));
      });
      completing.catch(function () { completing = null; });  // a later change tries again
    }
    return completing;
  }

  // Filtering in place failed (no connection and nothing saved): ask the server instead.
  function go(params) {
    var query = params.toString();
    window.location.replace(window.location.pathname + (query ? "?" + query : ""));
  }

  function ticked() {
    return knownParams("?" + new URLSearchParams(new FormData(form)).toString());
  }

  // Counts follow the ticks before the family presses the button.
  form.addEventListener("change", function () {
    whole().then(function () { showCounts(chosen(ticked())); }, function () {});
  });

  if (clear) {
    clear.addEventListener("click", function (event) {
      event.preventDefault();
      var none = new URLSearchParams();
      whole().then(function () {
        history.replaceState(null, "", window.location.pathname);
        apply(none);
      }, function () { go(none); });
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
    whole().then(function () {
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      apply(params);
    }, function () { go(params); });
  });

  // Served the whole library for a filtered address (offline, by the worker): filter it now.
  var current = knownParams(window.location.search);
  if (current.toString() && !list.hasAttribute("data-partial")) apply(current);
})();
