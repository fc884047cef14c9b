// Drag and drop on the map. Every move is also possible with the keyboard (Up, Down, Move to…);
// this only adds the mouse and touch path, sending the same request the Move form sends.
(function () {
  "use strict";

  function liveIndex(list, item) {
    var cards = Array.prototype.filter.call(list.children, function (child) {
      return child.classList.contains("app-card") && !child.classList.contains("app-card--deleted");
    });
    return cards.indexOf(item);
  }

  function makeSortable(list) {
    if (list.dataset.sortableReady) return;
    list.dataset.sortableReady = "1";
    Sortable.create(list, {
      group: list.dataset.sortable, // cards cross categories within the map, or within the houses
      animation: 150,
      filter: "a, button, select, textarea, input, .app-card--deleted, .app-card--editing",
      preventOnFilter: false,
      onEnd: function (event) {
        var item = event.item;
        var url = item.dataset.moveUrl;
        if (!url) return;
        if (event.from === event.to && event.oldIndex === event.newIndex) return;
        htmx.ajax("POST", url, {
          source: item,
          swap: "none",
          values: { category: event.to.dataset.category, position: liveIndex(event.to, item) },
        });
      },
    });
  }

  htmx.onLoad(function (content) {
    var lists = content.matches && content.matches("[data-sortable]")
      ? [content]
      : content.querySelectorAll("[data-sortable]");
    Array.prototype.forEach.call(lists, makeSortable);
  });
})();
