/* Kommentar thread page: a live "characters left" count under each comment box. */
(function () {
  "use strict";

  function update(counter, box) {
    var max = parseInt(box.getAttribute("maxlength"), 10);
    if (!max) { return; }
    // Count as the server does: a line break is one character.
    var left = max - box.value.replace(/\r\n/g, "\n").length;
    counter.textContent = left < max ? left.toLocaleString() + " left." : "";
    counter.classList.toggle("over", left < 0);
  }

  function init() {
    var counters = document.querySelectorAll(".js-count[data-for]");
    Array.prototype.forEach.call(counters, function (counter) {
      var box = document.getElementById(counter.getAttribute("data-for"));
      if (!box) { return; }
      box.addEventListener("input", function () { update(counter, box); });
      update(counter, box);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
