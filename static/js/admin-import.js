// The import preview's confirm step: once pressed, the button says the import is running and
// cannot be pressed twice, and a status line tells screen readers the same.
(function () {
  "use strict";
  document.querySelectorAll("input[type=submit][data-busy]").forEach(function (button) {
    var form = button.form;
    form.addEventListener("submit", function () {
      var status = document.createElement("p");
      status.setAttribute("role", "status");
      status.textContent = button.dataset.busy;
      form.appendChild(status);
      // Disabled only after the submission has started, or the browser would not send it.
      window.setTimeout(function () {
        button.disabled = true;
        button.value = button.dataset.busy;
      }, 0);
    });
  });
})();
