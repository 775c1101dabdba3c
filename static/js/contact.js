// The contact form: the error summary takes focus, so a screen reader starts with what to fix.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary && !summary.hidden) summary.focus();
})();
