/* Kommentar widget: runs inside the iframe that embed.js puts on the publisher's page.
 *
 * - tells the embedding page how tall the thread is ({type: "kommentar:height", height});
 * - sends the widget's forms through the JSON API with the page's CSRF token;
 * - opens the Facebook login in a popup and reloads the thread when it is done;
 * - opens links in comments in a new tab instead of inside the frame.
 */
(function () {
  "use strict";

  var LOGIN_WINDOW = "kommentar-login";

  // Back in the login popup after Facebook: tell the widget that opened us, and close.
  if (window.name === LOGIN_WINDOW && window.opener) {
    try {
      window.opener.postMessage({ type: "kommentar:logged-in" }, window.location.origin);
    } catch (ignored) { /* the opener went away */ }
    window.close();
    return;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function parentOrigin() {
    try {
      return document.referrer ? new URL(document.referrer).origin : "*";
    } catch (ignored) {
      return "*";
    }
  }

  var target = parentOrigin();
  var lastHeight = 0;

  function reportHeight() {
    if (window.parent === window) { return; }
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height === lastHeight) { return; }
    lastHeight = height;
    // The height is not a secret; the origin is the embedding page's when the browser says.
    window.parent.postMessage({ type: "kommentar:height", height: height }, target);
  }

  function showError(form, message) {
    var box = form.querySelector(".js-error");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = !message;
    reportHeight();
  }

  function payload(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrf_token" || field.name === "next") { return; }
      if (field.name === "parent_id") {
        data.parent_id = field.value ? parseInt(field.value, 10) : null;
      } else {
        data[field.name] = field.value;
      }
    });
    return data;
  }

  function submit(event) {
    var form = event.target.closest("form.js-api");
    if (!form || !window.fetch) { return; }  // no script support: the form posts normally
    event.preventDefault();
    var method = form.getAttribute("data-api-method");
    var button = form.querySelector('button[type="submit"]');
    if (button) { button.disabled = true; }
    showError(form, "");
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    };
    if (method !== "DELETE") {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload(form));
    }
    fetch(form.getAttribute("data-api-url"), options).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return null;
      }
      return response.json().then(function (body) {
        var message = body && body.error && body.error.message;
        throw new Error(message || "That did not work. Please try again.");
      }, function () {
        throw new Error("That did not work. Please try again.");
      });
    }).catch(function (error) {
      showError(form, error.message);
      if (button) { button.disabled = false; }
    });
  }

  function openLogin(event) {
    var link = event.target.closest("a.js-login");
    if (!link) { return; }
    var popup = window.open(link.href, LOGIN_WINDOW, "width=600,height=720");
    if (!popup) { return; }  // popups blocked: the link opens a new tab instead
    event.preventDefault();
    // Facebook may cut the popup off from us; notice it closing as well.
    var timer = window.setInterval(function () {
      if (popup.closed) {
        window.clearInterval(timer);
        window.location.reload();
      }
    }, 700);
  }

  function init() {
    document.addEventListener("submit", submit);
    document.addEventListener("click", openLogin);
    window.addEventListener("message", function (event) {
      if (event.origin === window.location.origin && event.data &&
          event.data.type === "kommentar:logged-in") {
        window.location.reload();
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".comment-body a[href]"), function (a) {
      a.target = "_blank";
    });
    document.addEventListener("toggle", reportHeight, true);
    if (window.ResizeObserver) {
      new ResizeObserver(reportHeight).observe(document.body);
    } else {
      window.addEventListener("resize", reportHeight);
    }
    reportHeight();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
