/* Runs in <head>, before the page is drawn: applies the reader's saved text size and 长者模式, and
 * marks that scripts run, so controls that need them are laid out from the start (no shift later).
 * The theme's bundle changes the classes of <html> ("no-js" to "js", and its focus-visible polyfill's
 * "js-focus-visible") only after the page is drawn, and any class change there restyles every element
 * (the theme has selectors like `table:not([class])`): a long task on a large page such as the matrix.
 * Done here, before the body exists, it costs nothing, and the bundle's own changes then change nothing.
 * No stylesheet uses the polyfill's marks; native :focus-visible draws the focus ring. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js", "js-focus-visible", "plan-js");
  root.setAttribute("data-js-focus-visible", "");
  // Always set, so that plan.js finds it as it would set it: changing an attribute of <html> later restyles.
  root.setAttribute("data-plan-size", "medium");
  try {
    var size = window.localStorage.getItem("plan-size");
    if (size === "small" || size === "large") root.setAttribute("data-plan-size", size);
    if (window.localStorage.getItem("plan-elder") === "on") root.classList.add("plan-elder");
  } catch (e) { /* storage unavailable: defaults apply */ }
})();
