// The back office's behaviours: a close's stages and a simulation's progress while they run.
// Every page works without this file (a reload shows their state).
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

  // Simulations: move the progress bar while the simulation runs; show its summary when it ends.
  var sim = document.getElementById("sim-status");
  if (sim && sim.dataset.running === "true") {
    var follow = function () {
      fetch(sim.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          var bar = document.getElementById("sim-progress");
          if (bar) { bar.value = job.done; bar.textContent = job.text; }
          var text = document.getElementById("sim-progress-text");
          if (text) text.textContent = job.text;
          if (job.running) { setTimeout(follow, 1000); return; }
          window.location.replace(window.location.pathname + "?id=" + encodeURIComponent(sim.dataset.id));
        })
        .catch(function () { setTimeout(follow, 2000); });
    };
    setTimeout(follow, 500);
  }
})();
