// Arbor's small behaviours, no inline scripts (the content security policy forbids them).
// Every page works without this file; it only saves a click.
(function () {
  "use strict";
  // A <select data-autosubmit> submits its form when changed (the language switcher).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
    var button = select.form.querySelector("button[type=submit]");
    if (button) button.hidden = true;
  });
})();
