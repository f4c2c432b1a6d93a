// Arbor's small behaviours, no inline scripts (the content security policy forbids them).
// Every page works without this file; it only saves a click, and draws charts whose figures
// are in tables beside them.
(function () {
  "use strict";
  // A <select data-autosubmit> submits its form when changed (the language switcher).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
    var button = select.form.querySelector("button[type=submit]");
    if (button) button.hidden = true;
  });

  // Charts (back-office dashboard, a distributor's analytics): from JSON islands (<script type="application/json">, not executed).
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
