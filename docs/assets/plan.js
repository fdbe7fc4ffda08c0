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

/* The matrix: filters, row and column highlight. The table works without this script. */
(function () {
  "use strict";

  function cellsOfColumn(table, index) {
    return Array.prototype.map.call(table.rows, function (row) { return row.cells[index]; }).filter(Boolean);
  }

  function setup(form) {
    if (form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    var table = document.querySelector("table.plan-matrix");
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var units = heads.map(function (th, i) { return { th: th, index: i }; }).filter(function (u) { return u.th.hasAttribute("data-name"); });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var text = form.querySelector("[data-matrix-text]");
    var section = form.querySelector("[data-matrix-section]");
    var category = form.querySelector("[data-matrix-category]");
    var status = form.querySelector("[data-matrix-status]");

    function marked(row, unit) { return row.cells[unit.index].classList.contains("plan-mark"); }

    function apply() {
      var q = text.value.trim();
      var unitHits = q ? units.filter(function (u) { return u.th.getAttribute("data-name").indexOf(q) >= 0; }) : [];
      var rowHits = q ? rows.filter(function (r) { return r.getAttribute("data-title").indexOf(q) >= 0; }) : [];
      var visibleUnits = units.filter(function (u) {
        if (category.value && u.th.getAttribute("data-category") !== category.value) return false;
        if (!q) return true;
        if (unitHits.length) return unitHits.indexOf(u) >= 0;
        return rowHits.some(function (r) { return marked(r, u); });
      });
      var visibleRows = rows.filter(function (r) {
        if (section.value && r.getAttribute("data-section") !== section.value) return false;
        if (!q) return true;
        return rowHits.indexOf(r) >= 0 || unitHits.some(function (u) { return marked(r, u); });
      });
      units.forEach(function (u) {
        var show = visibleUnits.indexOf(u) >= 0;
        cellsOfColumn(table, u.index).forEach(function (cell) { cell.hidden = !show; });
      });
      rows.forEach(function (r) { r.hidden = visibleRows.indexOf(r) < 0; });
      status.textContent = "显示 " + visibleRows.length + " 项任务、" + visibleUnits.length + " 个责任主体。";
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();

    table.addEventListener("focusin", function (event) {
      var cell = event.target.closest("td, th");
      highlight(table, cell);
    });
    table.addEventListener("mouseover", function (event) {
      var cell = event.target.closest("td, th");
      if (cell) highlight(table, cell);
    });
  }

  function highlight(table, cell) {
    table.querySelectorAll(".plan-hl").forEach(function (el) { el.classList.remove("plan-hl"); });
    if (!cell) return;
    var row = cell.parentElement;
    if (row.parentElement.tagName === "TBODY") row.classList.add("plan-hl");
    cellsOfColumn(table, cell.cellIndex).forEach(function (c) { c.classList.add("plan-hl"); });
  }

  /* Sortable tables: a header marked data-sortable gets a button that sorts by its column. */
  function sortable(table) {
    if (table.getAttribute("data-ready")) return;
    table.setAttribute("data-ready", "1");
    table.querySelectorAll("th[data-sortable]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "plan-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") !== "descending";
        var body = table.tBodies[0];
        var index = th.cellIndex;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = Number(a.cells[index].getAttribute("data-sort"));
          var y = Number(b.cells[index].getAttribute("data-sort"));
          return descending ? y - x : x - y;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-matrix-filter]").forEach(setup);
    document.querySelectorAll("table.plan-sortable").forEach(sortable);
  }

  init();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
})();
