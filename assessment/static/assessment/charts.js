// 得分排名 chart: a horizontal bar per office, stacked by the six parts (the 负面清单 to the left of zero).
// The data sits in the element's data-chart attribute: no inline script (Content-Security-Policy).
(function () {
  "use strict";
  var colours = ["#3a6ea5", "#4f9d69", "#d49b32", "#7d62b3", "#2a9db5", "#c8423b"];
  document.querySelectorAll(".assessment-chart").forEach(function (el) {
    if (typeof echarts === "undefined") return;
    var data = JSON.parse(el.dataset.chart);
    var names = data.names.slice().reverse();
    var chart = echarts.init(el);
    chart.setOption({
      color: colours,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "分" },
      yAxis: { type: "category", data: names },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "total", data: s.data.slice().reverse(), emphasis: { focus: "series" } };
      }).concat([{
        name: "总分", type: "scatter", symbolSize: 0, data: data.totals.slice().reverse(),
        label: { show: true, position: "right", formatter: function (p) { return p.value + "/" + data.full; } }, tooltip: { show: true }
      }])
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
