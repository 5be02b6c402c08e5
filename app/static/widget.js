/* Kommentar widget: runs inside the iframe that embed.js puts on the publisher's page.
 *
 * - tells the embedding page how tall the thread is ({type: "kommentar:height", height}),
 *   measured from the content so the frame shrinks as well as grows, and only ever to the
 *   embedding origin fixed when the frame was first loaded (embed.js passes it; it must be
 *   one of the service's EMBED_ORIGINS, listed in a meta tag);
 * - posts, replies, edits, deletes and reports through the JSON API, then swaps in a fresh
 *   rendering of the thread without reloading the frame, moves focus to the comment it was
 *   about and announces what happened (the forms still post normally without script);
 * - logs in through a first-party popup, which hands the frame a short-lived token by
 *   postMessage: the frame sends it as a header, so login works where the browser blocks
 *   cookies in iframes;
 * - applies the publisher's theme (accent colour, font, dark mode) from embed.js's values;
 * - opens links in comments in a new tab instead of inside the frame.
 */
(function () {
  "use strict";

  var LOGIN_WINDOW = "kommentar-login";
  var SETTINGS_KEY = "kommentar:settings";
  var TOKEN_KEY = "kommentar:token";
  var TOKEN_HEADER = "X-Kommentar-Session";

  function query(name, search) {
    return new URLSearchParams(search === undefined ? window.location.search : search).get(name);
  }

  function stored(key) {
    try { return window.sessionStorage.getItem(key); } catch (ignored) { return null; }
  }

  function store(key, value) {
    try {
      if (value === null) { window.sessionStorage.removeItem(key); }
      else { window.sessionStorage.setItem(key, value); }
    } catch (ignored) { /* storage blocked: this page load keeps it in memory */ }
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // -- the login popup (a first-party window at the service's own origin) --------------------

  function tellOpener(message) {
    try { window.opener.postMessage(message, window.location.origin); } catch (ignored) { }
  }

  if (window.opener && window.opener !== window) {
    var popupState = document.body ? document.body.getAttribute("data-popup") : null;
    if (popupState === "cancelled") {
      tellOpener({ type: "kommentar:login-cancelled" });
      window.close();
      return;
    }
    if (query("handoff") === "1" || window.name === LOGIN_WINDOW) {
      fetch("/auth/widget-token", {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (body) {
        tellOpener(body && body.token ?
          { type: "kommentar:logged-in", token: body.token } : { type: "kommentar:login-cancelled" });
        window.close();
      }, function () {
        tellOpener({ type: "kommentar:login-cancelled" });
        window.close();
      });
      return;
    }
  }

  // -- settings fixed once per frame: embedding origin, theme, language ------------------------

  function allowedOrigins() {
    var meta = document.querySelector('meta[name="kommentar-embed-origins"]');
    return meta ? meta.getAttribute("content").split(/\s+/).filter(Boolean) : [];
  }

  function loadSettings() {
    var saved = {};
    try { saved = JSON.parse(stored(SETTINGS_KEY) || "{}") || {}; } catch (ignored) { saved = {}; }
    var origin = query("origin");
    if (origin && allowedOrigins().indexOf(origin) !== -1) {
      saved = { origin: origin };
      ["accent", "font", "theme", "page_lang", "tz"].forEach(function (name) {
        var value = query(name);
        if (value) { saved[name] = value; }
      });
      store(SETTINGS_KEY, JSON.stringify(saved));
    }
    if (saved.origin && allowedOrigins().indexOf(saved.origin) === -1) { saved = {}; }
    return saved;
  }

  var settings = loadSettings();
  var token = stored(TOKEN_KEY);

  function applyTheme() {
    var root = document.documentElement;
    if (/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(settings.accent || "")) {
      root.style.setProperty("--accent", settings.accent);
    }
    if (/^[\w\s,"'-]{1,120}$/.test(settings.font || "")) {
      root.style.setProperty("--font", settings.font);
    }
    if (settings.theme === "dark" || settings.theme === "auto") {
      root.classList.add("theme-" + settings.theme);
    }
  }

  // -- height ----------------------------------------------------------------------------------

  var lastHeight = 0;

  function reportHeight() {
    if (window.parent === window || !settings.origin) { return; }
    // The document's own box, not scrollHeight: that never drops below the frame's height.
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) { return; }
    lastHeight = height;
    window.parent.postMessage({ type: "kommentar:height", height: height }, settings.origin);
  }

  // -- talking to the service ------------------------------------------------------------------

  function headers(extra) {
    var all = { "X-CSRFToken": csrfToken(), "Accept": "application/json" };
    if (token) { all[TOKEN_HEADER] = token; }
    Object.keys(extra || {}).forEach(function (name) { all[name] = extra[name]; });
    return all;
  }

  function message(name) {
    var live = document.getElementById("kommentar-live");
    return live ? live.getAttribute("data-msg-" + name) || "" : "";
  }

  function announce(text) {
    var live = document.getElementById("kommentar-live");
    if (!live || !text) { return; }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  var currentUrl = window.location.pathname + window.location.search;
  var loginAnswered = false;  // the popup told us how the login went

  function withSettings(url) {
    var target = new URL(url, window.location.href);
    ["page_lang", "tz"].forEach(function (name) {
      if (settings[name] && !target.searchParams.get(name)) {
        target.searchParams.set(name, settings[name]);
      }
    });
    if (settings.lang && !target.searchParams.get("lang")) {
      target.searchParams.set("lang", settings.lang);
    }
    target.searchParams.delete("handoff");
    return target.pathname + target.search;
  }

  function focusOn(element) {
    if (!element) { return; }
    if (!element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "-1"); }
    element.focus({ preventScroll: true });
    if (element.scrollIntoView) { element.scrollIntoView({ block: "nearest" }); }
  }

  // Fetch the thread again and swap it in: the frame keeps its place, its state and its origin.
  function refresh(url, focusId, text) {
    currentUrl = withSettings(url || currentUrl);
    return fetch(currentUrl, { credentials: "same-origin", headers: headers({ "Accept": "text/html" }) })
      .then(function (response) {
        if (!response.ok) { throw new Error("refresh failed"); }
        return response.text();
      }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["header.embed-header", "section.thread-embed"].forEach(function (selector) {
          var old = document.querySelector(selector);
          var replacement = fresh.querySelector(selector);
          if (old && replacement) { old.replaceWith(document.importNode(replacement, true)); }
        });
        var meta = fresh.querySelector('meta[name="csrf-token"]');
        if (meta) {
          document.querySelector('meta[name="csrf-token"]').setAttribute("content", meta.getAttribute("content"));
        }
        document.documentElement.lang = fresh.documentElement.lang || document.documentElement.lang;
        var section = document.querySelector("section.thread-embed");
        if (token && section && section.getAttribute("data-viewer") === "anonymous") {
          token = null;  // expired or ended elsewhere: forget it
          store(TOKEN_KEY, null);
        }
        enhance(document);
        if (focusId) {  // the comment the action was about (or, if it is gone, the heading)
          focusOn(document.getElementById("comment-" + focusId) ||
                  document.getElementById("comments-heading"));
        }
        announce(text);
        reportHeight();
      });
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

  function showError(form, text) {
    var box = form.querySelector(".js-error");
    var field = form.querySelector("textarea[name='body'], textarea[name='note']");
    if (field) {
      if (text) { field.setAttribute("aria-invalid", "true"); }
      else { field.removeAttribute("aria-invalid"); }
    }
    if (!box) { return; }
    box.textContent = text;
    box.hidden = !text;
    if (text) { box.focus(); }
    reportHeight();
  }

  function commentIdOf(form) {
    var article = form.closest("[data-comment-id]");
    return article ? article.getAttribute("data-comment-id") : null;
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !window.fetch) { return; }  // no script support: the form posts normally
    if (form.matches("form.js-logout")) { return logout(event, form); }
    if (!form.matches("form.js-api")) { return; }
    event.preventDefault();
    var method = form.getAttribute("data-api-method");
    var url = form.getAttribute("data-api-url");
    var button = form.querySelector('button[type="submit"]');
    if (button) { button.disabled = true; }
    showError(form, "");
    var options = { method: method, credentials: "same-origin", headers: headers() };
    if (method !== "DELETE") {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload(form));
    }
    var about = commentIdOf(form);
    fetch(url, options).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          throw new Error((body && body.error && body.error.message) || message("failed"));
        }, function () { throw new Error(message("failed")); });
      }
      if (response.status === 204) { return null; }
      return response.json();
    }).then(function (body) {
      var text;
      if (/\/reports$/.test(url)) { text = message("reported"); }
      else if (method === "DELETE") { text = message("deleted"); }
      else if (method === "PATCH") { text = message("edited"); }
      else {
        about = body && body.id;
        text = body && body.status === "pending" ? message("pending") : message("published");
      }
      return refresh(null, about, text);
    }).catch(function (error) {
      showError(form, error.message || message("failed"));
      if (button) { button.disabled = false; }
    });
  }

  function logout(event, form) {
    event.preventDefault();
    var body = new URLSearchParams();
    body.set("csrf_token", csrfToken());
    fetch(form.action, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: headers({ "Content-Type": "application/x-www-form-urlencoded" }), body: body
    }).then(function () {
      token = null;
      store(TOKEN_KEY, null);
      return refresh(null, null, message("logged-out"));
    }).catch(function () { window.location.reload(); });
  }

  function openLogin(link) {
    var href = new URL(link.href, window.location.href);
    var next = href.searchParams.get("next");
    if (next) { href.searchParams.set("next", next + (next.indexOf("?") === -1 ? "?" : "&") + "handoff=1"); }
    var popup = window.open(href.toString(), LOGIN_WINDOW, "width=600,height=720");
    if (!popup) { return false; }  // popups blocked: the link opens a new tab instead
    // The popup may be cut off from us (a cross-site step); notice it closing as well.
    loginAnswered = false;
    var timer = window.setInterval(function () {
      if (popup.closed) {
        window.clearInterval(timer);
        if (!loginAnswered) { refresh(null, null, ""); }  // cookies may have done it
      }
    }, 700);
    return true;
  }

  function click(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    if (link.matches("a.js-login")) {
      if (openLogin(link)) { event.preventDefault(); }
      return;
    }
    // Links that stay in the widget (order, more comments, language) are fetched, not followed.
    if (link.closest(".sort, .more, .language-switch") || link.matches(".js-stay")) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var lang = query("lang", new URL(link.href).search);
      if (lang) {
        settings.lang = lang;
        store(SETTINGS_KEY, JSON.stringify(settings));
      }
      refresh(link.getAttribute("href"), null, "");
    }
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".comment-body a[href]"), function (a) {
      a.target = "_blank";
      a.rel = "nofollow ugc noopener";
    });
    if (window.kommentarCounters) { window.kommentarCounters(root); }
  }

  function init() {
    applyTheme();
    document.addEventListener("submit", submit);
    document.addEventListener("click", click);
    window.addEventListener("message", function (event) {
      if (event.origin !== window.location.origin || !event.data) { return; }
      if (event.data.type === "kommentar:logged-in" || event.data.type === "kommentar:login-cancelled") {
        loginAnswered = true;
      }
      if (event.data.type === "kommentar:logged-in") {
        if (typeof event.data.token === "string") {
          token = event.data.token;
          store(TOKEN_KEY, token);
        }
        refresh(null, null, message("logged-in")).then(function () {
          focusOn(document.querySelector(".compose textarea") || document.getElementById("comments-heading"));
        });
      } else if (event.data.type === "kommentar:login-cancelled") {
        focusOn(document.querySelector("a.js-login"));
      }
    });
    enhance(document);
    if (window.ResizeObserver) {
      new ResizeObserver(reportHeight).observe(document.documentElement);
    }
    window.addEventListener("resize", reportHeight);
    document.addEventListener("toggle", reportHeight, true);
    var section = document.querySelector("section.thread-embed");
    if (token && section && section.getAttribute("data-viewer") === "anonymous") {
      refresh(null).catch(function () { reportHeight(); });  // log back in with the token
    }
    reportHeight();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
