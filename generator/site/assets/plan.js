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
    // Only a change is written: the matrix watches these attributes and measures itself again.
    if (root.getAttribute("data-plan-size") !== size) root.setAttribute("data-plan-size", size);
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
    } else if (target.classList.contains("plan-skip")) {
      // Move focus itself, not only the view (instant navigation would otherwise handle the link).
      var content = document.getElementById("plan-content");
      if (content) {
        event.preventDefault();
        event.stopImmediatePropagation();
        content.focus();
        content.scrollIntoView();
      }
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

/* The matrix: filters, row and column highlight. The table works without this script.
 * A filtered view shows only the tasks and bodies that still meet, its totals count what is shown,
 * and its state is kept in the address (?q=&section=&category=) so that it can be shared. */
(function () {
  "use strict";
  var FIELDS = ["q", "section", "category"];

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
    var foot = table.tFoot ? table.tFoot.rows[0] : null;
    var text = form.querySelector("[data-matrix-text]");
    var section = form.querySelector("[data-matrix-section]");
    var category = form.querySelector("[data-matrix-category]");
    var status = form.querySelector("[data-matrix-status]");

    function marked(row, unit) { return row.cells[unit.index].classList.contains("plan-mark"); }

    function chosen() {
      var q = text.value.trim();
      var unitHits = q ? units.filter(function (u) { return u.th.getAttribute("data-name").indexOf(q) >= 0; }) : [];
      var rowHits = q ? rows.filter(function (r) { return r.getAttribute("data-title").indexOf(q) >= 0; }) : [];
      var byUnit = units.filter(function (u) {
        if (category.value && u.th.getAttribute("data-category") !== category.value) return false;
        if (!q) return true;
        if (unitHits.length) return unitHits.indexOf(u) >= 0;
        return rowHits.some(function (r) { return marked(r, u); });
      });
      var byRow = rows.filter(function (r) {
        if (section.value && r.getAttribute("data-section") !== section.value) return false;
        if (!q) return true;
        return rowHits.indexOf(r) >= 0 || unitHits.some(function (u) { return marked(r, u); });
      });
      // Only what still meets: a body with no task among the rows shown, a task with no body among
      // the columns shown, is left out (the whole plan, unfiltered, has neither).
      var shownUnits = byUnit.filter(function (u) { return byRow.some(function (r) { return marked(r, u); }); });
      var shownRows = byRow.filter(function (r) { return shownUnits.some(function (u) { return marked(r, u); }); });
      return { units: shownUnits, rows: shownRows };
    }

    /* Writes only what changes: on a fresh page nothing does, so nothing is laid out again. */
    function set(el, value) { if (el.textContent !== value) el.textContent = value; }
    function hide(el, hidden) { if (el.hidden !== hidden) el.hidden = hidden; }

    function apply() {
      var shown = chosen();
      var cells = 0;
      units.forEach(function (u) {
        var show = shown.units.indexOf(u) >= 0;
        cellsOfColumn(table, u.index).forEach(function (cell) { hide(cell, !show); });
        if (show && foot) {
          var count = shown.rows.filter(function (r) { return marked(r, u); }).length;
          set(foot.cells[u.index], String(count));
          cells += count;
        }
      });
      rows.forEach(function (r) {
        hide(r, shown.rows.indexOf(r) < 0);
        var total = r.querySelector("[data-matrix-row-total]");
        if (total) set(total, String(shown.units.filter(function (u) { return marked(r, u); }).length));
      });
      var all = table.querySelector("[data-matrix-total]");
      if (all) set(all, String(cells));
      // The page arrives with the unfiltered status: unchanged, nothing is written or announced.
      set(status, "显示 " + shown.rows.length + " 项任务、" + shown.units.length + " 个责任主体、" + cells + " 处分工。");
    }

    function remember() {
      var params = new URLSearchParams(location.search);
      [[ "q", text.value.trim() ], [ "section", section.value ], [ "category", category.value ]].forEach(function (pair) {
        if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
      });
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function restore() {
      var params = new URLSearchParams(location.search);
      text.value = params.get("q") || "";
      [[section, "section"], [category, "category"]].forEach(function (pair) {
        var value = params.get(pair[1]) || "";
        var known = Array.prototype.some.call(pair[0].options, function (o) { return o.value === value; });
        pair[0].value = known ? value : "";
      });
    }

    function update() { apply(); remember(); }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // The page arrives as the unfiltered view (all rows, all columns, the plan's totals and status):
    // only an address that names a filter needs the table changed now.
    if (FIELDS.some(function (name) { return new URLSearchParams(location.search).has(name); })) {
      restore();
      apply();
    }

    fit(table);
    table.addEventListener("focusin", function (event) {
      var cell = event.target.closest("td, th");
      highlight(table, cell);
    });
    table.addEventListener("mouseover", function (event) {
      var cell = event.target.closest("td, th");
      if (cell) highlight(table, cell);
    });
  }

  /* Whether the table fits its box's width: then the box need not scroll (see plan.css). */
  function fit(table) {
    var wrap = table.closest(".plan-matrix-wrap");
    if (!wrap) return;
    var observers = [];
    function check() {
      if (!wrap.isConnected) { observers.forEach(function (o) { o.disconnect(); }); return; }
      wrap.classList.toggle("plan-fits", table.offsetWidth <= wrap.clientWidth);
    }
    // Measured when the sizes are delivered, after a frame's layout (and first when the box is shown):
    // reading them then forces no layout of its own, which a measurement in requestAnimationFrame did.
    if (typeof ResizeObserver === "function") {
      var sizes = new ResizeObserver(check);
      sizes.observe(wrap.parentElement);
      sizes.observe(table);
      observers.push(sizes);
    } else {
      window.requestAnimationFrame(check);
    }
    var modes = new MutationObserver(check);
    modes.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "data-plan-size"] });
    observers.push(modes);
  }

  function highlight(table, cell) {
    table.querySelectorAll(".plan-hl").forEach(function (el) { el.classList.remove("plan-hl"); });
    if (!cell) return;
    var row = cell.parentElement;
    if (row.parentElement.tagName === "TBODY") row.classList.add("plan-hl");
    cellsOfColumn(table, cell.cellIndex).forEach(function (c) { c.classList.add("plan-hl"); });
  }

  /* Sortable tables: a header marked data-sortable gets a button that sorts by its column
   * (first by the direction it names, "ascending" or by default descending). */
  function sortable(table) {
    if (table.getAttribute("data-ready")) return;
    table.setAttribute("data-ready", "1");
    table.querySelectorAll("th[data-sortable]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "plan-sort";
      // The header's badge (本站整理) stays beside the button, not inside its name.
      var badge = th.querySelector(".plan-badge");
      button.textContent = (th.firstChild && th.firstChild.nodeType === 3 ? th.firstChild.textContent : th.textContent).trim();
      th.textContent = "";
      th.appendChild(button);
      if (badge) { th.appendChild(document.createTextNode(" ")); th.appendChild(badge); }
      th.setAttribute("aria-sort", "none");
      var first = th.getAttribute("data-sortable") === "ascending" ? "ascending" : "descending";
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var order = current === first ? (first === "ascending" ? "descending" : "ascending") : first;
        var body = table.tBodies[0];
        var index = th.cellIndex;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = Number(a.cells[index].getAttribute("data-sort"));
          var y = Number(b.cells[index].getAttribute("data-sort"));
          return order === "descending" ? y - x : x - y;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", order);
      });
    });
  }

  /* The side menu lists sections, not tasks or units: on such a page, mark the menu entry the
   * breadcrumb passes through, so the menu shows where the reader is. */
  function markMenu() {
    var links = document.querySelectorAll(".plan-crumbs a[data-plan-nav]");
    if (!links.length) return;
    var wanted = Array.prototype.map.call(links, function (a) { return a.href; });
    document.querySelectorAll(".md-nav--primary a.md-nav__link").forEach(function (a) {
      if (wanted.indexOf(a.href) >= 0 && !a.classList.contains("md-nav__link--active")) {
        a.setAttribute("data-plan-here", "");
        a.setAttribute("aria-current", "location");
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-matrix-filter]").forEach(setup);
    document.querySelectorAll("table.plan-sortable").forEach(sortable);
    markMenu();
  }

  init();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
})();
