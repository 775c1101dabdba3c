// A script only a closed part of a page needs (the library's filters) comes when that part is
// opened, or at once when the address already asks for it (a filtered library, perhaps served
// whole by the worker offline): a first visit on a weak signal downloads only what it shows.
(function () {
  "use strict";
  var parts = document.querySelectorAll("details[data-script-on-open]");
  Array.prototype.forEach.call(parts, function (part) {
    function load() {
      if (part.hasAttribute("data-script-asked")) return;
      part.setAttribute("data-script-asked", "");
      var script = document.createElement("script");
      script.src = part.getAttribute("data-script-on-open");
      document.head.appendChild(script);
    }
    if (part.open || window.location.search) load();
    else part.addEventListener("toggle", load);
  });
})();
