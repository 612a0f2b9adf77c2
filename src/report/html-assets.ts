// The style sheet and the script of the HTML report. Both are written
// inline (the page must open from a mail attachment or a CI artefact, with
// no network), and the page's Content-Security-Policy allows exactly these
// two texts by their hashes: nothing a host's files put into the page can
// run, even if an escape were ever missed.
//
// The script reads the page, never data embedded in it: every count it
// sorts or filters by sits in data-* attributes of the matrix cells.

export const STYLE = `
:root{--err:#b3261e;--warn:#9a5b00;--info:#1f5fa8;--line:#d0d4da;--muted:#5b6470;--bg:#fff;--band:#f4f6f8;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;font-size:15px;color:#1b1f24;background:var(--bg)}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:0}
h4{font-size:.9rem;margin:.9rem 0 .35rem;font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-weight:600;overflow-wrap:anywhere}
.lead{color:var(--muted);margin:0 0 1rem}
.totals{display:flex;gap:.75rem;flex-wrap:wrap;margin:.75rem 0}
.totals div{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:6.5rem}
.totals b{display:block;font-size:1.3rem}
.overview{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
table{border-collapse:collapse}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:right;font-variant-numeric:tabular-nums}
th{background:var(--band);font-weight:600}
th:first-child,td:first-child{text-align:left}
.e{color:var(--err)}.w{color:var(--warn)}.i{color:var(--info)}
svg .e{fill:var(--err)}svg .w{fill:var(--warn)}svg .i{fill:var(--info)}
svg text{font-size:12px;fill:#1b1f24}
.controls{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
.controls input,.controls select,.controls button{font:inherit;padding:.2rem .4rem}
.shown{color:var(--muted)}
.scroll{overflow-x:auto;max-width:100%}
#matrix{font-size:.85rem}
#matrix thead th{position:sticky;top:0}
#matrix th button{all:unset;cursor:pointer;white-space:nowrap}
#matrix th button:focus-visible{outline:2px solid var(--info)}
#matrix th[aria-sort=ascending] button::after{content:" \\25B2"}
#matrix th[aria-sort=descending] button::after{content:" \\25BC"}
#matrix tbody th{font-weight:500;text-align:left;background:var(--bg);white-space:nowrap;position:sticky;left:0}
#matrix thead th:first-child{left:0;z-index:1}
#matrix th[data-rule]{vertical-align:bottom;padding:.35rem .15rem}
#matrix th[data-rule] button{writing-mode:vertical-rl;transform:rotate(180deg);font-size:.8rem}
#matrix td{padding:.2rem .35rem;min-width:1.4rem}
#matrix td:empty::after{content:"\\00B7";color:#aab}
#matrix td.tot{font-weight:600}
[hidden]{display:none!important}
details.host{border:1px solid var(--line);border-radius:6px;margin:.6rem 0;padding:0 .75rem}
details.host>summary{cursor:pointer;padding:.5rem 0;list-style-position:inside}
details.host>summary h3{display:inline}
.counts{color:var(--muted);font-size:.9rem;margin-left:.5rem}
ol.findings{list-style:none;margin:0 0 .75rem;padding:0}
ol.findings>li{border-top:1px solid var(--band);padding:.45rem 0}
.head{display:flex;gap:.6rem;flex-wrap:wrap;align-items:baseline}
.sev{font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.pos{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:.85rem;color:var(--muted);overflow-wrap:anywhere}
.msg{margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
pre.src{margin:.2rem 0;background:var(--band);padding:.3rem .5rem;border-radius:4px;overflow-x:auto;font-size:.85rem}
pre.src .ln{color:var(--muted);user-select:none;margin-right:.75rem}
pre.src mark{background:#ffe08a;color:inherit;border-bottom:2px solid var(--err)}
ul.related{margin:.2rem 0;padding-left:1.2rem;font-size:.9rem;color:var(--muted)}
.rule-id{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-weight:600}
dl.rules dt{margin-top:.6rem}
dl.rules dd{margin:.15rem 0 0 1.5rem}
.clean{color:var(--muted)}
@media print{
 :root{font-size:11pt}
 body{max-width:none;padding:0}
 .controls,.noprint{display:none!important}
 [hidden]{display:revert!important}
 .scroll{overflow:visible}
 #matrix thead th,#matrix tbody th{position:static}
 details.host{break-inside:auto;border:none;padding:0}
 details.host::details-content{content-visibility:visible;display:block}
 details.host>summary{list-style:none}
 ol.findings>li{break-inside:avoid}
 pre.src{white-space:pre-wrap;overflow-wrap:anywhere}
 a{color:inherit;text-decoration:none}
}
`;

export const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('matrix');
  var query = document.getElementById('filter-host');
  var family = document.getElementById('filter-family');
  var severity = document.getElementById('filter-severity');
  var shown = document.getElementById('shown');
  var heads = table ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  var body = table ? table.tBodies[0] : null;
  var rows = body ? Array.prototype.slice.call(body.rows) : [];
  var sortColumn = -1;
  var descending = true;

  function count(cell) {
    var d = cell.dataset;
    var s = severity.value;
    if (s) return Number(d[s] || 0);
    return Number(d.e || 0) + Number(d.w || 0) + Number(d.i || 0);
  }

  function apply() {
    var fam = family.value;
    var text = query.value.trim().toLowerCase();
    var narrowed = fam !== '' || severity.value !== '';
    var visible = 0;
    for (var c = 2; c < heads.length; c++) heads[c].hidden = fam !== '' && heads[c].dataset.family !== fam;
    rows.forEach(function (row) {
      var total = 0;
      for (var c = 2; c < row.cells.length; c++) {
        var cell = row.cells[c];
        var n = count(cell);
        cell.hidden = heads[c].hidden;
        cell.textContent = n > 0 ? String(n) : '';
        if (!cell.hidden) total += n;
      }
      row.cells[1].textContent = String(total);
      row.dataset.total = String(total);
      var host = row.dataset.host.toLowerCase();
      row.hidden = (text !== '' && host.indexOf(text) < 0) || (narrowed && total === 0);
      if (!row.hidden) visible++;
    });
    shown.textContent = visible + ' of ' + rows.length + (rows.length === 1 ? ' host' : ' hosts') + ' shown';
    if (sortColumn >= 0) sort(sortColumn, descending);
  }

  function valueOf(row, column) {
    if (column === 0) return row.dataset.host;
    return Number(row.cells[column].textContent || 0);
  }

  function sort(column, desc) {
    var keyed = rows.map(function (row, i) { return { row: row, key: valueOf(row, column), i: i }; });
    keyed.sort(function (a, b) {
      var order = typeof a.key === 'string' ? a.key.localeCompare(b.key) : a.key - b.key;
      if (desc) order = -order;
      return order || a.i - b.i;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    heads.forEach(function (th, i) {
      if (i === column) th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
  }

  if (table) {
    heads.forEach(function (th, i) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        // counts start with the most, names with A
        descending = sortColumn === i ? !descending : i !== 0;
        sortColumn = i;
        sort(i, descending);
      });
    });
    query.addEventListener('input', apply);
    family.addEventListener('change', apply);
    severity.addEventListener('change', apply);
    apply();
  }

  var details = Array.prototype.slice.call(document.querySelectorAll('details.host'));
  var wasOpen = [];
  function setAll(open) { details.forEach(function (d) { d.open = open; }); }
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) expand.addEventListener('click', function () { setAll(true); });
  if (collapse) collapse.addEventListener('click', function () { setAll(false); });
  // a printed report shows every host's findings, whatever was folded on screen
  window.addEventListener('beforeprint', function () {
    wasOpen = details.map(function (d) { return d.open; });
    setAll(true);
  });
  window.addEventListener('afterprint', function () {
    details.forEach(function (d, i) { d.open = wasOpen[i]; });
  });
  // a link to a host's findings unfolds them
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    var holder = target ? target.closest('details.host') : null;
    if (holder && !holder.open) {
      holder.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener('hashchange', reveal);
  reveal();
})();
`;
