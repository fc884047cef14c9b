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

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target.matches && target.matches("input, textarea, select")) return;
    if (event.key === "n" || event.key === "N" || event.key === "ArrowRight") {
      event.preventDefault();
      go(1);
    } else if (event.key === "p" || event.key === "P" || event.key === "ArrowLeft") {
      event.preventDefault();
      go(-1);
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
