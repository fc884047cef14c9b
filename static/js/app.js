// Practice Mapper's small browser helpers. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  // Every htmx request that changes something carries the CSRF token as a header.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token && event.detail.verb !== "get") {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });
})();
