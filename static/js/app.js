// Practice Mapper's small browser helpers. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  // Every htmx request that changes something carries the CSRF token as a header, and the
  // keep token: if the session has ended, the server keeps the change for this person only.
  function metaContent(name) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return meta ? meta.getAttribute("content") : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb === "get") return;
    var csrf = metaContent("csrf-token");
    var keep = metaContent("keep-token");
    if (csrf) event.detail.headers["X-CSRFToken"] = csrf;
    if (keep) event.detail.headers["X-Keep-Token"] = keep;
  });

  // A plain form post (not sent by htmx) carries the keep token as a field.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var keep = metaContent("keep-token");
    if (event.defaultPrevented || !keep || (form.method || "").toLowerCase() !== "post") return;
    var field = form.querySelector('input[name="keep_token"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "keep_token";
      form.appendChild(field);
    }
    field.value = keep;
  });

  // A failed htmx request: show the server's plain-words message in the page's error box.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("app-request-error");
    var text = document.getElementById("app-request-error-text");
    if (!box || !text) return;
    var parsed = new DOMParser().parseFromString(event.detail.xhr.responseText || "", "text/html");
    text.textContent = (parsed.body.textContent || "").trim() || "Something went wrong. Try again.";
    box.hidden = false;
    box.focus();
  });
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("app-request-error");
    var text = document.getElementById("app-request-error-text");
    if (!box || !text) return;
    text.textContent = "Practice Mapper could not be reached. Check your connection; your words are still in the form.";
    box.hidden = false;
    box.focus();
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("app-request-error");
    if (box) box.hidden = true;
  });

  // Forms marked data-reset-on-success are emptied once their content has saved.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form.matches && form.matches("form[data-reset-on-success]")) {
      form.reset();
    }
  });

  // The server marks where focus should go after a swap (data-autofocus), so keyboard and
  // screen reader users stay on the thing they just changed.
  function focusMarked() {
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.removeAttribute("data-autofocus");
      target.focus();
    }
  }
  document.addEventListener("htmx:afterSettle", focusMarked);
  document.addEventListener("htmx:oobAfterSwap", focusMarked);
})();
