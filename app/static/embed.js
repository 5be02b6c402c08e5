/* Kommentar loader for publishers. Paste where the comments should appear:
 *
 *   <div id="kommentar-thread" data-article="KEY" data-title="Article title"
 *        data-url="https://news.example/article" data-signature="HMAC (see README)"></div>
 *   <script src="https://comments.example/static/embed.js" async></script>
 *
 * It puts the thread in an iframe from the Kommentar service and keeps the frame as tall as
 * its content. Only messages from the service's own origin are listened to.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    var scripts = document.querySelectorAll('script[src*="/static/embed.js"]');
    script = scripts[scripts.length - 1];
  }
  if (!script) { return; }
  var service = new URL(script.src, window.location.href).origin;
  var frames = [];

  function pageUrl() {
    return window.location.href.split("#")[0];
  }

  function mount(box) {
    var key = box.getAttribute("data-article");
    if (!key || box.getAttribute("data-kommentar-mounted")) { return; }
    box.setAttribute("data-kommentar-mounted", "1");
    var title = box.getAttribute("data-title") || document.title;
    var url = box.getAttribute("data-url") || pageUrl();
    var frame = document.createElement("iframe");
    // data-signature: the publisher's HMAC of key, title and URL (README, "Security").
    // Only a signed widget may create an article the service does not know yet.
    var signature = box.getAttribute("data-signature");
    frame.src = service + "/embed/" + encodeURIComponent(key) +
      "?title=" + encodeURIComponent(title) + "&url=" + encodeURIComponent(url) +
      (signature ? "&sig=" + encodeURIComponent(signature) : "");
    frame.title = "Comments";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("scrolling", "no");
    frame.style.width = "100%";
    frame.style.height = "320px";
    frame.style.border = "0";
    frame.style.display = "block";
    box.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== service) { return; }
    var data = event.data;
    if (!data || data.type !== "kommentar:height") { return; }
    var height = Number(data.height);
    if (!isFinite(height)) { return; }
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(Math.max(Math.round(height), 120), 50000) + "px";
      }
    }
  });

  var boxes = document.querySelectorAll("#kommentar-thread, .kommentar-thread");
  Array.prototype.forEach.call(boxes, mount);
})();
