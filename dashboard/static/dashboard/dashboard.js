// 数据驾驶舱: the map of Chifeng's counties (or a bar chart of the units below) coloured by the chosen figure, its
// 12-month trend, and the 大屏's self-refresh. Data comes from the page (json_script); clicking a county or a bar
// opens that unit's dashboard.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var dark = document.body.classList.contains("dashboard-screen");
  var theme = dark ? "dark" : null;
  var background = dark ? "transparent" : undefined;
  var figure = data.figure;
  var charts = [];
  // The 大屏 draws in SVG: crisp on a wall screen, and each label is an element whose box can be measured.
  var options = dark ? { renderer: "svg" } : undefined;
  // 红山区 lies inside 松山区 (their map centres are 3 km apart) with 元宝山区 and 喀喇沁旗 close by, and 阿鲁科尔沁旗's long
  // name reaches 巴林左旗: these names are moved off their centres (in units of the label's font size) so that no two
  // print on top of each other; every other county's name sits on its centre. A label that would still cover another
  // (a much smaller chart) is left out rather than printed over it; its county keeps its tooltip.
  var LABEL_OFFSETS = { "松山区": [-1.8, -0.9], "红山区": [1.9, -0.5], "元宝山区": [0.5, 0], "阿鲁科尔沁旗": [0.6, 0.6] };
  function labelSize(el) {
    return dark ? Math.max(11, Math.min(16, Math.round(el.clientHeight / 36))) : 11;
  }

  function open(name) {
    for (var i = 0; i < data.units.length; i++) {
      if (data.units[i].name === name && data.units[i].url) {
        window.location.href = data.units[i].url;
        return;
      }
    }
  }

  function valueText(v) {
    if (v === null || v === undefined) return "—";
    return figure.full ? v + "/" + figure.full : v + " " + figure.unit;  // the 千分制 score reads "612.5/1000"
  }

  var unitEl = document.getElementById("unit-chart");
  if (unitEl && data.units.length) {
    var chart = echarts.init(unitEl, theme, options);
    var values = data.units.map(function (u) { return u.value || 0; });
    var max = Math.max.apply(null, values.concat([1]));
    if (data.map && echarts.getMap("赤峰")) {
      var size = labelSize(unitEl);
      chart.setOption({
        backgroundColor: background,
        tooltip: { trigger: "item", formatter: function (p) { return p.name + "<br>" + figure.label + "：" + valueText(p.value); } },
        visualMap: { min: 0, max: max, right: 10, bottom: 10, text: ["高", "低"], calculable: true, itemHeight: 80,
                     inRange: { color: dark ? ["#0d2b52", "#38c8ff"] : ["#e3edfb", "#1f4e8c"] } },
        series: [{ type: "map", map: "赤峰", name: figure.label, selectedMode: false, layoutCenter: ["50%", "50%"], layoutSize: "98%",
                   label: { show: true, fontSize: size, color: dark ? "#e8f4ff" : "#333" },
                   labelLayout: function (p) {
                     var offset = LABEL_OFFSETS[p.text] || [0, 0];
                     return { dx: offset[0] * size, dy: offset[1] * size, hideOverlap: true };
                   },
                   emphasis: { label: { show: true }, itemStyle: { areaColor: "#fd7e14" } },
                   data: data.units.map(function (u) { return { name: u.name, value: u.value }; }) }],
      });
    } else {
      var sorted = data.units.slice().sort(function (a, b) { return (a.value || 0) - (b.value || 0); });
      chart.setOption({
        backgroundColor: background,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: sorted.map(function (u) { return u.name; }), axisLabel: { fontSize: 11 } },
        series: [{ type: "bar", name: figure.label, data: sorted.map(function (u) { return u.value; }),
                   itemStyle: { color: dark ? "#38c8ff" : "#1f4e8c" }, label: { show: true, position: "right" } }],
      });
    }
    chart.on("click", function (p) { open(p.name); });
    charts.push(chart);
  }

  var trendEl = document.getElementById("trend-chart");
  if (trendEl && data.trend.length) {
    var trend = echarts.init(trendEl, theme, options);
    trend.setOption({
      backgroundColor: background,
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.trend.map(function (t) { return t.month; }), axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "line", name: figure.label, smooth: true, areaStyle: { opacity: 0.15 },
                 data: data.trend.map(function (t) { return t.value; }) }],
    });
    charts.push(trend);
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  var refreshEl = document.getElementById("screen-refresh");
  var refresh = refreshEl ? parseInt(refreshEl.dataset.seconds || "0", 10) : 0;
  if (refresh > 0) {
    window.setTimeout(function () { window.location.reload(); }, refresh * 1000);
  }
})();
