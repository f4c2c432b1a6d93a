// The back office's behaviours: a close's stages while it runs, and the dashboard's charts.
// Every page works without this file (a reload shows a close's state; the charts' figures are
// in tables beside them).
(function () {
  "use strict";

  // Periods: poll the running close and show its stages and result.
  var status = document.getElementById("close-status");
  if (status && status.dataset.running === "true") {
    var poll = function () {
      fetch(status.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          var list = document.getElementById("close-stages");
          if (list && job.stages) {
            list.replaceChildren.apply(list, job.stages.map(function (s) {
              var li = document.createElement("li");
              li.dataset.stage = s.name;
              li.textContent = s.label;
              return li;
            }));
          }
          if (job.running) { setTimeout(poll, 400); return; }
          var result = document.getElementById("close-result");
          var p = document.createElement("p");
          if (job.ok) { p.className = "notice"; p.setAttribute("role", "status"); p.textContent = job.result; }
          else { p.className = "alert"; p.setAttribute("role", "alert"); p.textContent = job.problem || ""; }
          result.replaceChildren(p);
          status.dataset.running = "false";
          document.querySelectorAll("button[disabled]").forEach(function (b) { b.disabled = false; });
          // The lists (closed periods, open ones) changed: a reload shows them.
          if (job.ok) {
            var again = document.createElement("a");
            again.href = window.location.pathname;
            again.textContent = status.dataset.reloadText || "↻";
            again.id = "close-reload";
            result.appendChild(again);
          }
        })
        .catch(function () { setTimeout(poll, 1500); });
    };
    setTimeout(poll, 300);
  }

  // Dashboard: charts from JSON islands (<script type="application/json">, not executed).
  if (window.echarts) {
    document.querySelectorAll(".chart[data-source]").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        aria: { enabled: true },
        tooltip: { trigger: "axis" },
        // More than two series: the legend as a list above the plot, one line each, so that it never covers the lines.
        grid: { left: 56, right: 16, top: data.series.length > 2 ? 12 + 22 * data.series.length : 32, bottom: 32 },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value" },
        series: data.series.map(function (s) {
          return { name: s.name, type: data.type || "bar", data: s.values, itemStyle: { color: s.color } };
        }),
        legend: data.series.length > 2 ? { top: 0, left: 0, orient: "vertical", itemGap: 6 } : data.series.length > 1 ? { top: 0 } : undefined
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
})();
