/* Runs in <head>, before the page is drawn: applies the reader's saved text size and 长者模式, and
 * marks that scripts run, so controls that need them are laid out from the start (no shift later).
 * Everything it sets on <html> is set before the body exists: a change there later restyles every
 * element of the page (a long task on a large page such as the matrix). The theme's bundle swaps
 * "no-js" for "js" itself: done here instead, it made long text pages slower in Lighthouse. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("plan-js");
  // Always set, so that plan.js finds it as it would set it: changing an attribute of <html> later restyles.
  root.setAttribute("data-plan-size", "medium");
  try {
    var size = window.localStorage.getItem("plan-size");
    if (size === "small" || size === "large") root.setAttribute("data-plan-size", size);
    if (window.localStorage.getItem("plan-elder") === "on") root.classList.add("plan-elder");
  } catch (e) { /* storage unavailable: defaults apply */ }
})();
