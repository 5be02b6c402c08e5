/* The moderators' desk: keyboard shortcuts as progressive enhancement.
 *
 * Every action is a plain form that works without this file. Here, j/k move between
 * items ([data-desk-item]); a key pressed on the current item triggers its element with a
 * matching data-key (a form is submitted, a <details> opened and its first field focused,
 * a checkbox toggled); elements marked data-global answer wherever the focus is. "?"
 * shows or hides the shortcut list. Keys typed into a field are left alone.
 */
(function () {
  "use strict";

  var items = Array.prototype.slice.call(document.querySelectorAll("[data-desk-item]"));
  var help = document.getElementById("desk-help");
  var storeKey = "kommentar.desk." + location.pathname;
  var current = -1;
  var SHORTCUTS_KEY = "kommentar.desk.shortcuts";
  var toggle = document.getElementById("desk-shortcuts-toggle");

  // WCAG 2.1.4: single-key shortcuts can be switched off, and stay off on every desk page.
  function shortcutsOn() {
    try {
      return window.localStorage.getItem(SHORTCUTS_KEY) !== "off";
    } catch (e) {
      return true;
    }
  }
  if (toggle) {
    toggle.checked = shortcutsOn();
    toggle.addEventListener("change", function () {
      try {
        window.localStorage.setItem(SHORTCUTS_KEY, toggle.checked ? "on" : "off");
      } catch (e) {
        /* storage blocked: the switch holds for this page */
      }
      document.documentElement.classList.toggle("shortcuts-off", !toggle.checked);
    });
  }
  function shortcutsEnabled() {
    return toggle ? toggle.checked : shortcutsOn();
  }

  function remembered() {
    try {
      var value = parseInt(window.sessionStorage.getItem(storeKey), 10);
      return isNaN(value) ? -1 : value;
    } catch (e) {
      return -1;
    }
  }

  function remember(index) {
    try {
      window.sessionStorage.setItem(storeKey, String(index));
    } catch (e) {
      /* private mode: the position is simply not kept */
    }
  }

  function setCurrent(index, scroll) {
    if (!items.length) {
      return;
    }
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0 && items[current]) {
      items[current].classList.remove("is-current");
    }
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    if (scroll) {
      item.scrollIntoView({ block: "nearest" });
    }
    remember(current);
  }

  function isTyping(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) {
      return true;
    }
    return tag === "INPUT" && target.type !== "checkbox" && target.type !== "radio";
  }

  function anySelected() {
    return document.querySelector('input[form="bulk-form"][name="ids"]:checked') !== null;
  }

  function submit(form, button) {
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      return;
    }
    form.dataset.confirmed = "yes";
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button || undefined);
    } else if (button) {
      button.click();
    } else {
      form.submit();
    }
  }

  function trigger(el) {
    if (el.hasAttribute("data-needs-selection") && !anySelected()) {
      var first = items[current >= 0 ? current : 0];
      if (first) {
        first.classList.add("needs-selection");
      }
      return;
    }
    var needs = el.getAttribute("data-needs");
    if (needs) {
      var field = document.querySelector(needs);
      if (field && !field.value) {
        field.focus();
        return;
      }
    }
    if (el.tagName === "FORM") {
      submit(el, null);
    } else if (el.tagName === "BUTTON" && el.form) {
      submit(el.form, el);
    } else if (el.tagName === "DETAILS") {
      el.open = true;
      var input = el.querySelector("select, textarea, input:not([type=hidden])");
      if (input) {
        input.focus();
      }
    } else if (el.tagName === "INPUT" && el.type === "checkbox") {
      el.checked = !el.checked;
      el.closest("[data-desk-item]").classList.toggle("is-selected", el.checked);
    } else if (el.tagName === "A") {
      el.click();
    } else {
      el.focus();
    }
  }

  function targetFor(key) {
    var selector = '[data-key="' + key + '"]';
    if (current < 0 && items.length === 1) {
      setCurrent(0, false);
    }
    var item = items[current];
    var local = item ? item.querySelector(selector) : null;
    return local || document.querySelector(selector + "[data-global]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    var field = event.target;
    // Enter on a reason list (or Ctrl+Enter in a text box) sends that form.
    if (event.key === "Enter" && field.form && isTyping(field) &&
        (field.tagName === "SELECT" || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typeof field.form.reportValidity !== "function" || field.form.reportValidity()) {
        submit(field.form, null);
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || !shortcutsEnabled()) {
      return;
    }
    if (isTyping(field)) {
      if (event.key === "Escape") {
        event.target.blur();
        if (current >= 0) {
          items[current].focus({ preventScroll: true });
        }
      }
      return;
    }
    var key = event.key;
    if (key === "j" || key === "k") {
      setCurrent(current < 0 ? 0 : current + (key === "j" ? 1 : -1), true);
    } else if (key === "?") {
      if (help) {
        help.classList.toggle("is-open");
      }
    } else if (key === "Escape" && help) {
      help.classList.remove("is-open");
      return;
    } else {
      if (key.length !== 1) {
        return;
      }
      var el = targetFor(key);
      if (!el) {
        return;
      }
      trigger(el);
    }
    event.preventDefault();
  });

  // Plain clicks on a form that asks first (marking a child, suspending) ask too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && form.dataset.confirmed !== "yes" && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
    delete form.dataset.confirmed;
  });

  // Clicking an item makes it the current one.
  items.forEach(function (item, index) {
    item.addEventListener("click", function () {
      if (current !== index) {
        setCurrent(index, false);
      }
    });
  });

  // The undo bar goes once the undo window has closed.
  var undo = document.querySelector("[data-expires-in]");
  if (undo) {
    window.setTimeout(function () {
      undo.hidden = true;
      undo.querySelectorAll("[data-key]").forEach(function (el) {
        el.removeAttribute("data-key");
      });
    }, 1000 * parseInt(undo.getAttribute("data-expires-in"), 10));
  }

  // After a decision the page reloads; carry on at the same position.
  if (items.length) {
    var start = remembered();
    if (start >= 0) {
      setCurrent(start, true);
    }
  }
})();
