/* Charts of the monitor (month series, cohort): an enhancement of the tables next to them.
 *
 * Reads the figures from the JSON data block #monitor-chart-data (no inline script, so the
 * strict Content-Security-Policy holds) and draws each chart with Chart.js, served from npm
 * at /static/vendor/chartjs/. Without JavaScript, or without Chart.js, the tables remain. */
(function () {
  "use strict";

  // Colours with enough contrast on white; series also differ in order and legend text.
  var PALETTE = [
    "#01689b", "#b21a1a", "#39870c", "#7a4f00", "#42145f",
    "#a90061", "#007bc7", "#673327", "#4b4b4b", "#e17000"
  ];

  function draw(spec, labels) {
    var canvas = document.getElementById(spec.canvas);
    if (!canvas) { return; }
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = PALETTE[index % PALETTE.length];
      return {
        label: dataset.label,
        data: dataset.data,
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: spec.type === "line" ? 2 : 0,
        pointRadius: spec.type === "line" ? 2 : 0,
        spanGaps: false
      };
    });
    var figure = canvas.closest("figure");
    if (figure) { figure.hidden = false; }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: spec.stacked },
          y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  function start() {
    var block = document.getElementById("monitor-chart-data");
    if (!block || typeof window.Chart === "undefined") { return; }
    var data;
    try {
      data = JSON.parse(block.textContent);
    } catch (error) {
      return;
    }
    data.charts.forEach(function (spec) { draw(spec, data.labels); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
