/* Review report: table sorting and filtering (index), box/field highlighting (case pages).
   Vanilla JS, no network. Sorting can be asked for in the URL: #sort=cost_initial_yen
   (ascending) or #sort=-cost_initial_yen (descending); empty values always go last. */
(function () {
  "use strict";

  function cellValue(row, key, type) {
    var td = row.querySelector('td[data-key="' + key + '"]');
    if (!td) return null;
    var v = td.getAttribute("data-value");
    if (v === null) v = td.textContent.trim();
    if (v === "") return null;
    if (type === "number") {
      var n = Number(v);
      return isNaN(n) ? null : n;
    }
    return v;
  }

  function sortTable(table, key, desc) {
    var th = table.querySelector('th[data-key="' + key + '"]');
    if (!th) return false;
    var type = th.getAttribute("data-type") || "text";
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var keyed = rows.map(function (r) {
      return { row: r, v: cellValue(r, key, type), i: Number(r.getAttribute("data-index")) };
    });
    keyed.sort(function (a, b) {
      if (a.v === null && b.v === null) return a.i - b.i;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      var c = type === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v), "ja");
      if (c === 0) return a.i - b.i;
      return desc ? -c : c;
    });
    keyed.forEach(function (k) { tbody.appendChild(k.row); });
    Array.prototype.forEach.call(table.querySelectorAll("th[data-key]"), function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", desc ? "descending" : "ascending");
    table.setAttribute("data-sorted", (desc ? "-" : "") + key);
    return true;
  }

  function hashSort() {
    var m = /(?:^#|&)sort=(-?)([A-Za-z0-9_]+)/.exec(location.hash || "");
    return m ? { key: m[2], desc: m[1] === "-" } : null;
  }

  function setupIndex(table) {
    Array.prototype.forEach.call(table.querySelectorAll("th[data-key]"), function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        var desc = th.getAttribute("aria-sort") === "ascending";
        sortTable(table, key, desc);
        var h = "#sort=" + (desc ? "-" : "") + key;
        if (history.replaceState) history.replaceState(null, "", h); else location.hash = h;
      });
    });
    var s = hashSort();
    if (s) sortTable(table, s.key, s.desc);
    window.addEventListener("hashchange", function () {
      var s2 = hashSort();
      if (s2) sortTable(table, s2.key, s2.desc);
    });
    var filter = document.getElementById("filter");
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
          r.hidden = !hit;
          if (hit) shown++;
        });
        var c = document.getElementById("shown");
        if (c) c.textContent = String(shown);
      });
    }
  }

  function setupCase() {
    function mark(section, on) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-section="' + section + '"]'), function (el) {
        el.classList.toggle("hl", on);
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll(".box, section.field"), function (el) {
      var s = el.getAttribute("data-section");
      if (!s) return;
      el.addEventListener("mouseenter", function () { mark(s, true); });
      el.addEventListener("mouseleave", function () { mark(s, false); });
    });
    // A value and its box: hovering either marks both.
    function markField(field, on) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-field="' + field + '"]'), function (el) {
        el.classList.toggle("hl", on);
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll(".box.value, .values [data-field]"), function (el) {
      var f = el.getAttribute("data-field");
      el.addEventListener("mouseenter", function () { markField(f, true); });
      el.addEventListener("mouseleave", function () { markField(f, false); });
    });
  }

  /* Corrections filter (issue 16): rows carry data-corrections / data-stale-corrections;
     the choice is a class on the table (so it combines with the text filter, which
     hides rows), and can be asked for in the URL: #corrections=any or #corrections=stale. */
  function setupCorrectionsFilter(table) {
    var select = document.getElementById("corrections-filter");
    if (!select) return;
    function apply() {
      table.classList.toggle("only-corrected", select.value === "any");
      table.classList.toggle("only-stale", select.value === "stale");
      table.setAttribute("data-corrections-filter", select.value);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        if (!r.hidden && getComputedStyle(r).display !== "none") shown++;
      });
      var c = document.getElementById("shown");
      if (c) c.textContent = String(shown);
    }
    var m = /(?:^#|&)corrections=(any|stale)/.exec(location.hash || "");
    if (m) select.value = m[1];
    select.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.querySelector("table.cases");
    if (table) setupIndex(table);
    if (table) setupCorrectionsFilter(table);
    if (document.querySelector(".case")) setupCase();
  });
  window.reportSortTable = sortTable;
})();
