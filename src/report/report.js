/* plaza report: draws PLAZA (runs and the state topology) with d3 v3.
 * SPDX-License-Identifier: GPL-3.0-or-later */
(function () {
  "use strict";
  var runs = PLAZA.runs, colors = d3.scale.category10();
  var parse = d3.time.format("%Y-%m-%d").parse;
  var legend = d3.select("#legend");
  runs.forEach(function (r, i) {
    r.times = r.dates.map(parse);
    legend.append("span").attr("class", "key").style("color", colors(i))
      .text("\u25a0 " + r.label + (r.kind === "ensemble" ?
        " (ensemble: mean, 25-75% and 5-95% bands)" : ""));
  });

  function plot(id, name) {
    var W = 760, H = 260, m = {l: 70, r: 20, t: 10, b: 30};
    var svg = d3.select("#" + id).append("svg").attr("width", W)
      .attr("height", H).attr("class", "chart").attr("id", id + "-svg");
    var values = [], times = [];
    runs.forEach(function (r) {
      var s = r[name];
      ["mean", "q05", "q95"].forEach(function (k) {
        if (s[k]) values = values.concat(s[k]);
      });
      times = times.concat(r.times);
    });
    var x = d3.time.scale().range([m.l, W - m.r]).domain(d3.extent(times));
    var y = d3.scale.linear().range([H - m.b, m.t])
      .domain([0, d3.max(values) || 1]).nice();
    svg.append("g").attr("class", "axis")
      .attr("transform", "translate(0," + (H - m.b) + ")")
      .call(d3.svg.axis().scale(x).orient("bottom"));
    svg.append("g").attr("class", "axis")
      .attr("transform", "translate(" + m.l + ",0)")
      .call(d3.svg.axis().scale(y).orient("left").ticks(6));
    runs.forEach(function (r, i) {
      var s = r[name], c = colors(i);
      var skip = name === "homicides" ? 1 : 0; /* step 0 has no flows */
      function band(lo, hi, opacity) {
        if (!s[lo]) return;
        svg.append("path").attr("class", "band").attr("fill", c)
          .attr("opacity", opacity)
          .attr("d", d3.svg.area()
            .x(function (d, j) { return x(r.times[j + skip]); })
            .y0(function (d, j) { return y(s[lo][j + skip]); })
            .y1(function (d, j) { return y(s[hi][j + skip]); })(
              s[lo].slice(skip)));
      }
      band("q05", "q95", 0.15);
      band("q25", "q75", 0.3);
      svg.append("path").attr("class", "line").attr("stroke", c)
        .attr("d", d3.svg.line()
          .x(function (d, j) { return x(r.times[j + skip]); })
          .y(function (d) { return y(d); })(s.mean.slice(skip)));
    });
  }
  plot("members", "members");
  plot("homicides", "homicides");

  /* TopoJSON to GeoJSON features (quantized, delta-encoded arcs) */
  function decode(t) {
    var tf = t.transform;
    var arcs = t.arcs.map(function (a) {
      var x = 0, y = 0;
      return a.map(function (p) {
        if (!tf) return [p[0], p[1]];
        x += p[0]; y += p[1];
        return [x * tf.scale[0] + tf.translate[0],
                y * tf.scale[1] + tf.translate[1]];
      });
    });
    function ring(ids) {
      var pts = [];
      ids.forEach(function (i, k) {
        var a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        pts = pts.concat(k ? a.slice(1) : a);
      });
      return pts;
    }
    var obj = t.objects[Object.keys(t.objects)[0]];
    return obj.geometries.map(function (g) {
      var id = (g.properties && g.properties.id) || g.id;
      var coords = g.type === "Polygon" ? g.arcs.map(ring) :
        g.arcs.map(function (p) { return p.map(ring); });
      return {type: "Feature", id: String(id),
              geometry: {type: g.type, coordinates: coords}};
    });
  }

  var reg = null;
  runs.forEach(function (r) { if (!reg && r.regions) reg = r.regions; });
  var mapDiv = d3.select("#map");
  if (!PLAZA.topology || !reg) {
    mapDiv.append("p").attr("class", "note").text(!PLAZA.topology ?
      "No map: give plaza report the data directory (--data DIR)." :
      "No map: these runs have no regions.");
    return;
  }
  var features = decode(PLAZA.topology);
  var index = {};
  reg.codes.forEach(function (c, k) { index[c] = k; });
  var W = 760, H = 520, lon0 = -117.3, lat0 = 32.8, lon1 = -86.7, lat1 = 14.5;
  var kx = Math.cos(23 * Math.PI / 180);
  var k = Math.min((W - 20) / ((lon1 - lon0) * kx), (H - 20) / (lat0 - lat1));
  var projection = d3.geo.transform({point: function (lon, lat) {
    this.stream.point(10 + (lon - lon0) * kx * k, 10 + (lat0 - lat) * k);
  }});
  var path = d3.geo.path().projection(projection);
  var years = reg.homicides.length, mode = "homicides";
  var controls = d3.select("#controls");
  controls.append("label").text("Year ");
  var slider = controls.append("input").attr("type", "range")
    .attr("id", "year").attr("min", 0).attr("max", years - 1)
    .attr("value", years - 1);
  var yearLabel = controls.append("label").attr("id", "year-label");
  ["homicides", "controller"].forEach(function (mname) {
    var l = controls.append("label");
    l.append("input").attr("type", "radio").attr("name", "mode")
      .attr("value", mname).property("checked", mname === mode)
      .on("change", function () { mode = this.value; draw(); });
    l.append("span").text(mname === "homicides" ?
      " homicides per 100,000" : " controlling group");
  });
  var svg = mapDiv.append("svg").attr("width", W).attr("height", H)
    .attr("id", "map-svg");
  var states = svg.selectAll("path").data(features).enter().append("path")
    .attr("class", "state").attr("d", path);
  states.append("title");
  var groupColors = d3.scale.category20();
  function measure(y, kk) {
    var h = reg.homicides[y][kk], p = reg.population[kk];
    return p > 0 ? h / p * 1e5 : h;
  }
  function draw() {
    var y = +slider.property("value");
    yearLabel.text(" " + (reg.first_year + y) + " ");
    var max = d3.max(reg.codes.map(function (c, kk) { return measure(y, kk); }));
    var heat = d3.scale.linear().domain([0, max || 1])
      .range(["#fff5eb", "#7f2704"]);
    states.attr("fill", function (f) {
      var kk = index[f.id];
      if (kk === undefined) return "#ddd";
      if (mode === "controller") {
        var g = reg.controller[y][kk];
        return g ? groupColors(g) : "#ccc";
      }
      return heat(measure(y, kk));
    });
    states.select("title").text(function (f) {
      var kk = index[f.id];
      if (kk === undefined) return f.id;
      return reg.names[kk] + ": " + d3.format(",.1f")(measure(y, kk)) +
        (reg.population[kk] > 0 ? " homicides per 100,000" : " homicides") +
        "; controller: " + (reg.controller[y][kk] || "none");
    });
  }
  slider.on("input", draw).on("change", draw);
  draw();
})();
