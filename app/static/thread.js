/* Kommentar thread page and widget: a "characters left" count under each comment box.
 *
 * The count is shown as the reader types; screen readers hear it only when it matters
 * (the last 100 characters, the limit reached, too long), not on every keystroke.
 */
(function () {
  "use strict";

  function fill(template, count) {
    return (template || "{count}").replace("{count}", count.toLocaleString(document.documentElement.lang || undefined));
  }

  function update(counter, status, box) {
    var max = parseInt(box.getAttribute("maxlength"), 10);
    if (!max) { return; }
    // Count as the server does: a line break is one character.
    var left = max - box.value.replace(/\r\n/g, "\n").length;
    var text = left < 0 ? fill(counter.getAttribute("data-over"), -left) : fill(counter.getAttribute("data-left"), left);
    counter.textContent = left < max ? text : "";
    counter.classList.toggle("over", left < 0);
    if (!status) { return; }
    var stage = left < 0 ? "over" : left === 0 ? "full" : left <= 100 ? "near" : "";
    if (stage !== status.getAttribute("data-stage")) {
      status.setAttribute("data-stage", stage);
      status.textContent = stage ? text : "";
    }
  }

  function init(root) {
    var counters = (root || document).querySelectorAll(".js-count[data-for]");
    Array.prototype.forEach.call(counters, function (counter) {
      var id = counter.getAttribute("data-for");
      var box = document.getElementById(id);
      if (!box || box.getAttribute("data-counted")) { return; }
      box.setAttribute("data-counted", "1");
      var status = document.querySelector('.js-count-status[data-for="' + id + '"]');
      box.addEventListener("input", function () { update(counter, status, box); });
      update(counter, status, box);
    });
  }

  window.kommentarCounters = init;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
