/* Runs in <head>, before the page is drawn: applies the reader's saved text size and 长者模式, and
 * marks that scripts run, so controls that need them are laid out from the start (no shift later).
 * Everything it sets on <html> is set before the body exists: a change there later restyles every
 * element of the page, a long task on a page given to one wide table (the matrix). On such pages it
 * also sets the theme's own classes ("js" for "no-js", its focus-visible polyfill's mark), which the
 * theme's bundle would set after the first paint. On text pages that made Lighthouse slower
 * (/fulltext/ TBT 68 -> 170 ms), so there the bundle sets them itself. No stylesheet of ours uses
 * the polyfill's marks; native :focus-visible draws the focus ring. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("plan-js");
  if (document.querySelector('meta[name="plan-wide-table"]')) {
    root.classList.remove("no-js");
    root.classList.add("js", "js-focus-visible");
    root.setAttribute("data-js-focus-visible", "");
  }
  // Always set, so that plan.js finds it as it would set it: changing an attribute of <html> later restyles.
  root.setAttribute("data-plan-size", "medium");
  try {
    var size = window.localStorage.getItem("plan-size");
    if (size === "small" || size === "large") root.setAttribute("data-plan-size", size);
    if (window.localStorage.getItem("plan-elder") === "on") root.classList.add("plan-elder");
  } catch (e) { /* storage unavailable: defaults apply */ }
})();
