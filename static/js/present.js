// Present mode: move between the map's sections with the keyboard, so a presenter can step
// through harm, danger, complicating factors, strengths and safety without a mouse.
(function () {
  "use strict";

  function sections() {
    return Array.prototype.slice.call(document.querySelectorAll(".app-present-section"));
  }

  function current(list) {
    var active = document.activeElement && document.activeElement.closest(".app-present-section");
    return active ? list.indexOf(active) : -1;
  }

  function go(offset) {
    var list = sections();
    if (!list.length) return;
    var next = Math.min(Math.max(current(list) + offset, 0), list.length - 1);
    list[next].focus();
    list[next].scrollIntoView({ block: "nearest" });
  }

  // The arrow keys work anywhere outside a form field. N and P are letters, so they work only
  // once a section has focus (WCAG 2.1.4): they never fire while someone types elsewhere.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target.matches && target.matches("input, textarea, select")) return;
    var inSection = target.closest && target.closest(".app-present-section");
    var key = event.key;
    var offset = 0;
    if (key === "ArrowRight" || (inSection && (key === "n" || key === "N"))) offset = 1;
    if (key === "ArrowLeft" || (inSection && (key === "p" || key === "P"))) offset = -1;
    if (offset) {
      event.preventDefault();
      go(offset);
    }
  });

  // A refreshed board replaces the sections: keep the presenter's place.
  var keepFocus = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var list = sections();
    var index = current(list);
    keepFocus = index >= 0 ? list[index].id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var section = keepFocus && document.getElementById(keepFocus);
    keepFocus = null;
    if (section) section.focus({ preventScroll: true });
  });
})();
