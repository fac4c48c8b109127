// Filters by level and kind. Plain JS, no framework, no network. Without JS the page shows everything.
(function () {
  "use strict";
  var RANK = { error: 3, warning: 2, info: 1 };
  var form = document.querySelector("#filters form");
  if (!form) { return; }
  var findings = {};
  document.querySelectorAll("li.finding").forEach(function (li) {
    findings[li.dataset.f] = { level: li.dataset.level, kind: li.dataset.kind };
  });
  function checked(name) {
    var on = {};
    form.querySelectorAll('input[data-filter="' + name + '"]').forEach(function (i) { on[i.value] = i.checked; });
    return on;
  }
  function apply() {
    var levels = checked("level"), kinds = checked("kind"), mentions = checked("mention");
    var quiet = checked("quiet-facts")["1"] !== false;
    function visible(id) {
      var f = findings[id];
      return !f || (levels[f.level] !== false && kinds[f.kind] !== false);
    }
    function ids(el) { return (el.dataset.f || "").split(" ").filter(function (s) { return s !== ""; }); }
    var shown = 0, total = 0;
    document.querySelectorAll("li.finding").forEach(function (li) {
      total += 1;
      var v = visible(li.dataset.f);
      li.hidden = !v;
      if (v) { shown += 1; }
    });
    document.querySelectorAll("sup.fm, p.factfinding").forEach(function (el) { el.hidden = !visible(el.dataset.f); });
    document.querySelectorAll("span.f").forEach(function (el) {
      var best = "";
      ids(el).forEach(function (id) {
        var f = findings[id];
        if (f && visible(id) && (RANK[f.level] || 0) > (RANK[best] || 0)) { best = f.level; }
      });
      el.classList.remove("lvl-error", "lvl-warning", "lvl-info");
      if (best) { el.classList.add("lvl-" + best); }
    });
    document.querySelectorAll("article.fact").forEach(function (el) {
      var list = ids(el);
      el.hidden = list.length ? !list.some(visible) : !quiet;
    });
    Object.keys(mentions).forEach(function (k) { document.body.classList.toggle("hide-" + k, !mentions[k]); });
    var out = form.querySelector(".shown");
    if (out) { out.textContent = shown + " of " + total + " findings shown"; }
  }
  form.addEventListener("change", apply);
  apply();
})();
