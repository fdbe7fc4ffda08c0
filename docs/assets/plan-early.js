/* Runs in <head>, before the page is drawn: applies the reader's saved text size and 长者模式, and
 * marks that scripts run, so controls that need them are laid out from the start (no shift later). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("plan-js");
  try {
    var size = window.localStorage.getItem("plan-size");
    if (size === "small" || size === "medium" || size === "large") root.setAttribute("data-plan-size", size);
    if (window.localStorage.getItem("plan-elder") === "on") root.classList.add("plan-elder");
  } catch (e) { /* storage unavailable: defaults apply */ }
})();
