// The virtual office's behaviours (no inline scripts: the content security policy forbids them).
// Genealogy: a node's toggle fetches its children as an HTML fragment once, then shows or hides them.
// Earnings: the stacked bar chart, drawn from the page's JSON island (the table beside it holds the same numbers).
(function () {
  "use strict";

  function wireToggles(root) {
    root.querySelectorAll("button.toggle[data-children]").forEach(function (button) {
      if (button.dataset.wired) return;
      button.dataset.wired = "1";
      button.hidden = false;
      button.addEventListener("click", function () { toggle(button); });
    });
  }

  function toggle(button) {
    var below = document.getElementById(button.getAttribute("aria-controls"));
    if (!below) return;
    if (button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      below.hidden = true;
      return;
    }
    if (below.dataset.loaded) {
      button.setAttribute("aria-expanded", "true");
      below.hidden = false;
      return;
    }
    button.disabled = true;
    fetch(button.dataset.children, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        below.innerHTML = html;
        below.dataset.loaded = "1";
        below.hidden = false;
        button.setAttribute("aria-expanded", "true");
        wireToggles(below);
      })
      .catch(function () { below.hidden = true; })
      .finally(function () { button.disabled = false; });
  }

  function drawEarnings() {
    var island = document.getElementById("earnings-data");
    var target = document.querySelector(".chart[data-chart=earnings]");
    if (!island || !target || typeof echarts === "undefined") return;
    var data = JSON.parse(island.textContent);
    var chart = echarts.init(target, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.periods },
      yAxis: { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "earnings", data: s.values };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  wireToggles(document);
  drawEarnings();
})();
