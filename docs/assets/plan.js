/* Reader controls and the leave-site dialog.
 * Everything works by event delegation on the document and state on <html>, so it keeps working
 * when Material's instant navigation swaps the page content. Preferences live in localStorage. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["small", "medium", "large"];

  function load(key) {
    try { return window.localStorage.getItem("plan-" + key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem("plan-" + key, value); } catch (e) { /* private mode */ }
  }

  function apply() {
    var size = load("size");
    if (SIZES.indexOf(size) < 0) size = "medium";
    root.setAttribute("data-plan-size", size);
    var elder = load("elder") === "on";
    root.classList.toggle("plan-elder", elder);
    document.querySelectorAll("[data-plan-size]").forEach(function (button) {
      if (button !== root) button.setAttribute("aria-pressed", String(button.getAttribute("data-plan-size") === size));
    });
    document.querySelectorAll("[data-plan-elder]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(elder));
    });
  }

  function leavesSite(link) {
    if (!link.href || link.hasAttribute("download")) return false;
    var url;
    try { url = new URL(link.href, location.href); } catch (e) { return false; }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    return location.protocol === "file:" || url.host !== location.host;
  }

  function confirmLeave(link) {
    var dialog = document.getElementById("plan-leave");
    if (!dialog || typeof dialog.showModal !== "function") return true;
    dialog.querySelector(".plan-leave__url").textContent = link.href;
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue === "go") window.location.href = link.href;
      else link.focus();
    };
    dialog.showModal();
    return false;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button, a") : null;
    if (!target) return;
    if (target.hasAttribute("data-plan-size") && target !== root) {
      save("size", target.getAttribute("data-plan-size"));
      apply();
    } else if (target.hasAttribute("data-plan-elder")) {
      save("elder", root.classList.contains("plan-elder") ? "off" : "on");
      apply();
    } else if (target.hasAttribute("data-plan-leave")) {
      target.closest("dialog").close(target.getAttribute("data-plan-leave"));
    } else if (target.hasAttribute("data-plan-print")) {
      window.print();
    } else if (target.tagName === "A" && leavesSite(target)) {
      if (!confirmLeave(target)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }
  }, true);

  apply();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(apply);
  }
})();
