/* plaza report: draws the JSON of #plaza-data with d3 v3.
 * Text from the data is only ever inserted with d3's .text() (textContent)
 * or as attribute values: never as HTML.
 * SPDX-License-Identifier: GPL-3.0-or-later */
(function () {
  "use strict";
  var PLAZA = JSON.parse(document.getElementById("plaza-data").textContent);
  var runs = PLAZA.runs, colors = d3.scale.category10();
  var parse = d3.time.format("%Y-%m-%d").parse;
  var fmt = d3.format(",.0f"), fmt1 = d3.format(",.1f");
  var fmtDate = d3.time.format("%Y-%m-%d");
  var tip = d3.select("#tooltip");

  function axisFmt(v) {
    return Math.abs(v) >= 1e4 ? d3.format(".3s")(v) : d3.format(",")(v);
  }
  function num(v) { return v === null || v === undefined ? "NA" : fmt(v); }
  function showTip(lines) {
    var e = d3.event;
    tip.property("hidden", false).text(lines.join("\n"))
      .style("left", (e.pageX + 14) + "px").style("top", (e.pageY + 10) + "px");
  }
  function hideTip() { tip.property("hidden", true); }

  /* the header: what is shown, the legend, notes */
  var notes = d3.select("#notes");
  var labels = {};
  runs.forEach(function (r) { labels[r.label] = (labels[r.label] || 0) + 1; });
  runs.forEach(function (r, i) {
    if (labels[r.label] > 1) r.label += " [" + r.dir + "]"; /* tell apart */
    r.color = colors(i);
    r.times = r.dates.map(parse);
    (r.notes || []).forEach(function (n) {
      notes.append("li").text(r.label + ": " + n);
    });
  });
  d3.select("#summary").text(runs.length + " director" +
    (runs.length === 1 ? "y" : "ies") + ", from " +
    runs[0].dates[0] + " to " + runs[0].dates[runs[0].dates.length - 1] +
    ". Colours: one per directory.");
  var legend = d3.select("#legend");
  runs.forEach(function (r) {
    var k = legend.append("span").attr("class", "key");
    k.append("span").attr("class", "swatch").style("background", r.color);
    k.append("span").text(r.label + " (" + (r.kind === "ensemble" ?
      "ensemble of " + r.replicates + ": mean, 25-75% and 5-95% bands" :
      "run: one line") + "; directory " + r.dir + ")");
  });

  /* the end-of-run table */
  (function () {
    var t = d3.select("#end-table"), h = t.append("tr");
    ["directory", "date", "members", "homicides per week",
     "members vs first", "homicides vs first"].forEach(function (c) {
      h.append("th").text(c);
    });
    function cell(r, v) {
      var s = r.series[v], j = s.mean.length - 1;
      return fmt(s.mean[j]) + (s.q05 ? " [" + fmt(s.q05[j]) + ", " +
        fmt(s.q95[j]) + "]" : "");
    }
    function change(r, v) {
      var a = runs[0].series[v].mean, b = r.series[v].mean;
      var x = a[a.length - 1], y = b[b.length - 1];
      return x ? d3.format("+.1%")(y / x - 1) : "NA";
    }
    runs.forEach(function (r) {
      var tr = t.append("tr").attr("class", "end-row");
      tr.append("td").text(r.label).style("color", r.color);
      tr.append("td").text(r.dates[r.dates.length - 1]);
      tr.append("td").attr("class", "num").text(cell(r, "members"));
      tr.append("td").attr("class", "num").text(cell(r, "homicides"));
      tr.append("td").attr("class", "num").text(change(r, "members"));
      tr.append("td").attr("class", "num").text(change(r, "homicides"));
    });
  })();

  /* every event of every directory, once */
  var events = [], seen = {};
  runs.forEach(function (r) {
    (r.events || []).forEach(function (e) {
      var key = e.date + "|" + e.kind + "|" + e.text;
      if (seen[key]) return;
      seen[key] = true;
      events.push({date: e.date, time: parse(e.date), kind: e.kind,
                   text: e.text, run: r.label});
    });
  });
  events.sort(function (a, b) { return a.time - b.time; });

  function frame(id, h) {
    var W = 760, H = h || 260, m = {l: 70, r: 20, t: 14, b: 30};
    var svg = d3.select("#" + id).append("svg")
      .attr("viewBox", "0 0 " + W + " " + H)
      .attr("preserveAspectRatio", "xMinYMin meet")
      .attr("class", "chart").attr("id", id + "-svg");
    return {svg: svg, W: W, H: H, m: m};
  }
  function axes(f, x, y, label) {
    f.svg.append("g").attr("class", "axis")
      .attr("transform", "translate(0," + (f.H - f.m.b) + ")")
      .call(d3.svg.axis().scale(x).orient("bottom").ticks(8));
    f.svg.append("g").attr("class", "axis")
      .attr("transform", "translate(" + f.m.l + ",0)")
      .call(d3.svg.axis().scale(y).orient("left").ticks(6)
        .tickFormat(axisFmt));
    f.svg.append("text").attr("class", "label").attr("x", f.m.l + 4)
      .attr("y", f.m.t - 2).text(label);
  }
  /* dated events as dashed rules and ticks, with their text on hover */
  function eventMarks(f, x) {
    var d = x.domain();
    var ev = events.filter(function (e) { return e.time >= d[0] && e.time <= d[1]; });
    var g = f.svg.append("g").attr("class", "events");
    g.selectAll("line").data(ev).enter().append("line")
      .attr("class", "event-mark")
      .attr("x1", function (e) { return x(e.time); })
      .attr("x2", function (e) { return x(e.time); })
      .attr("y1", f.m.t).attr("y2", f.H - f.m.b);
    g.selectAll("path").data(ev).enter().append("path")
      .attr("class", "event-tick")
      .attr("d", function (e) {
        var px = x(e.time), py = f.H - f.m.b;
        return "M" + (px - 4) + "," + (py + 8) + "L" + px + "," + py +
          "L" + (px + 4) + "," + (py + 8) + "Z";
      })
      .on("mousemove", function (e) { showTip([e.date + " (" + e.kind + ")", e.text]); })
      .on("mouseout", hideTip)
      .append("title").text(function (e) { return e.date + ": " + e.text; });
  }
  /* a rule and the values of every series at the date under the pointer */
  function hover(f, x, list) {
    var rule = f.svg.append("line").attr("class", "rule")
      .attr("y1", f.m.t).attr("y2", f.H - f.m.b).style("display", "none");
    var bis = d3.bisector(function (d) { return d; }).left;
    f.svg.append("rect").attr("class", "overlay").attr("x", f.m.l)
      .attr("y", f.m.t).attr("width", f.W - f.m.l - f.m.r)
      .attr("height", f.H - f.m.t - f.m.b).attr("fill", "transparent")
      .on("mouseout", function () { rule.style("display", "none"); hideTip(); })
      .on("mousemove", function () {
        var t = x.invert(d3.mouse(this)[0]), lines = [];
        list.forEach(function (s) {
          var j = Math.min(bis(s.times, t), s.times.length - 1);
          if (j < 0 || !s.times.length) return;
          if (!lines.length) {
            lines.push(fmtDate(s.times[j]));
            rule.style("display", null).attr("x1", x(s.times[j]))
              .attr("x2", x(s.times[j]));
          }
          lines.push(s.label + ": " + s.value(j));
        });
        if (lines.length) showTip(lines);
      });
  }

  /* a variable of the national series, every directory */
  function plot(id, name, label) {
    var f = frame(id), values = [], times = [];
    var skip = name === "members" ? 0 : 1; /* step 0 has no flows */
    runs.forEach(function (r) {
      var s = r.series[name];
      ["mean", "q05", "q95"].forEach(function (k) {
        if (s[k]) values = values.concat(s[k].slice(skip));
      });
      times = times.concat(r.times);
    });
    var x = d3.time.scale().range([f.m.l, f.W - f.m.r]).domain(d3.extent(times));
    var y = d3.scale.linear().range([f.H - f.m.b, f.m.t])
      .domain([0, d3.max(values) || 1]).nice();
    axes(f, x, y, label);
    runs.forEach(function (r) {
      var s = r.series[name], c = r.color;
      var t = r.times.slice(skip);
      function band(lo, hi, opacity) {
        if (!s[lo]) return;
        f.svg.append("path").attr("class", "band").attr("fill", c)
          .attr("opacity", opacity)
          .attr("d", d3.svg.area()
            .x(function (d, j) { return x(t[j]); })
            .y0(function (d, j) { return y(s[lo][j + skip]); })
            .y1(function (d, j) { return y(s[hi][j + skip]); })(t));
      }
      band("q05", "q95", 0.15);
      band("q25", "q75", 0.3);
      f.svg.append("path").attr("class", "line").attr("stroke", c)
        .attr("d", d3.svg.line().defined(function (d) { return d !== null; })
          .x(function (d, j) { return x(t[j]); })
          .y(function (d) { return y(d); })(s.mean.slice(skip)));
    });
    eventMarks(f, x);
    hover(f, x, runs.map(function (r) {
      var s = r.series[name];
      return {label: r.label, times: r.times, value: function (j) {
        return num(s.mean[j]) + (s.q05 ? " [" + num(s.q05[j]) + ", " +
          num(s.q95[j]) + "]" : "");
      }};
    }));
  }
  plot("homicides", "homicides", "homicides per week");
  plot("members", "members", "members");
  plot("deaths", "deaths", "members killed per week");
  plot("arrests", "arrests", "members arrested per week");
  plot("recruits", "recruits", "members recruited per week");

  /* homicides per year against INEGI's, with the fit's figures */
  (function () {
    var withFit = runs.filter(function (r) { return r.fit && r.fit.years.length; });
    if (!withFit.length) {
      d3.select("#fit").append("p").attr("class", "note").text(
        runs.some(function (r) { return r.fit; }) ?
        "No calendar year of INEGI's series is covered whole by these directories." :
        "No INEGI series: give plaza report the data directory (--data DIR " +
        "or PLAZA_DATA) holding mexico/national_homicides.csv.");
      return;
    }
    var f = frame("fit"), obs = {}, years = [], vals = [];
    withFit.forEach(function (r) {
      r.fit.years.forEach(function (yr, j) {
        if (obs[yr] === undefined) { obs[yr] = r.fit.observed[j]; years.push(yr); }
        vals.push(r.fit.simulated[j], r.fit.observed[j]);
      });
    });
    years.sort();
    var x = d3.scale.ordinal().rangeRoundBands([f.m.l, f.W - f.m.r], 0.15)
      .domain(years);
    var y = d3.scale.linear().range([f.H - f.m.b, f.m.t])
      .domain([0, d3.max(vals) || 1]).nice();
    f.svg.append("g").attr("class", "axis")
      .attr("transform", "translate(0," + (f.H - f.m.b) + ")")
      .call(d3.svg.axis().scale(x).orient("bottom").tickValues(
        years.filter(function (yr, i) { return i % 2 === 0; })));
    f.svg.append("g").attr("class", "axis")
      .attr("transform", "translate(" + f.m.l + ",0)")
      .call(d3.svg.axis().scale(y).orient("left").ticks(6).tickFormat(axisFmt));
    f.svg.append("text").attr("class", "label").attr("x", f.m.l + 4)
      .attr("y", f.m.t - 2).text("homicides per year");
    f.svg.selectAll("rect.observed").data(years).enter().append("rect")
      .attr("class", "observed").attr("x", function (yr) { return x(yr); })
      .attr("width", x.rangeBand())
      .attr("y", function (yr) { return y(obs[yr]); })
      .attr("height", function (yr) { return y(0) - y(obs[yr]); })
      .on("mousemove", function (yr) {
        var lines = [yr + ": INEGI " + fmt(obs[yr])];
        withFit.forEach(function (r) {
          var j = r.fit.years.indexOf(yr);
          if (j >= 0) lines.push(r.label + ": " + fmt(r.fit.simulated[j]) +
            " (" + d3.format("+.1%")(r.fit.simulated[j] / obs[yr] - 1) + ")");
        });
        showTip(lines);
      })
      .on("mouseout", hideTip);
    withFit.forEach(function (r) {
      f.svg.append("path").attr("class", "line fit-line").attr("stroke", r.color)
        .attr("d", d3.svg.line()
          .x(function (yr) { return x(yr) + x.rangeBand() / 2; })
          .y(function (yr, j) { return y(r.fit.simulated[j]); })(r.fit.years));
      f.svg.selectAll("circle.fit-pt" + r.dir.length + "x").data(r.fit.years).enter().append("circle")
        .attr("r", 2.5).attr("fill", r.color)
        .attr("cx", function (yr) { return x(yr) + x.rangeBand() / 2; })
        .attr("cy", function (yr, j) { return y(r.fit.simulated[j]); })
        .append("title").text(function (yr, j) {
          return r.label + ", " + yr + ": " + fmt(r.fit.simulated[j]);
        });
    });
    var key = d3.select("#fit").append("div").attr("class", "legend fit-key");
    var k0 = key.append("span").attr("class", "key");
    k0.append("span").attr("class", "swatch").style("background", "#bbb");
    k0.append("span").text("INEGI death registrations (bars)");
    withFit.forEach(function (r) {
      var k1 = key.append("span").attr("class", "key");
      k1.append("span").attr("class", "swatch line-swatch").style("background", r.color);
      k1.append("span").text(r.label);
    });
    var p = d3.select("#fit-figures");
    withFit.forEach(function (r) {
      p.append("span").attr("class", "fit-figure").style("color", r.color)
        .text(r.label + ": MAPE " + fmt1(r.fit.mape) + "% over " +
          r.fit.years.length + " years" + (r.fit.r !== null && r.fit.r !== undefined ?
            ", r of the state shares " + d3.format(".3f")(r.fit.r) : "") +
          (r.kind === "ensemble" ? " (of the mean)" : "") + ". ");
    });
  })();

  /* the states' shares of 2010-2015 homicides: INEGI against each
   * directory, one point per state */
  (function () {
    var withShares = runs.filter(function (r) { return r.fit && r.fit.share_observed; });
    if (!withShares.length) {
      d3.select("#shares").append("p").attr("class", "note").text(
        "No state shares: these directories have no run of Mexico's 32 states " +
        "covering 2010-2015, or no data directory was given.");
      return;
    }
    var f = frame("shares", 360), m = f.m, all = [];
    withShares.forEach(function (r) {
      all = all.concat(r.fit.share_observed, r.fit.share_simulated);
    });
    var top = d3.max(all) || 0.01;
    var side = Math.min(f.W - m.l - m.r, f.H - m.t - m.b);
    var x = d3.scale.linear().domain([0, top]).range([m.l, m.l + side]).nice();
    var y = d3.scale.linear().domain([0, top]).range([m.t + side, m.t]).nice();
    var pct = d3.format(".0%"), pct2 = d3.format(".2%");
    f.svg.append("g").attr("class", "axis")
      .attr("transform", "translate(0," + (m.t + side) + ")")
      .call(d3.svg.axis().scale(x).orient("bottom").ticks(5).tickFormat(pct));
    f.svg.append("g").attr("class", "axis").attr("transform", "translate(" + m.l + ",0)")
      .call(d3.svg.axis().scale(y).orient("left").ticks(5).tickFormat(pct));
    f.svg.append("line").attr("class", "rule").attr("x1", x(0)).attr("y1", y(0))
      .attr("x2", x(top)).attr("y2", y(top));
    f.svg.append("text").attr("class", "label").attr("x", m.l + 4).attr("y", m.t - 2)
      .text("simulated share (y) against INEGI's (x); the diagonal: equal");
    withShares.forEach(function (r) {
      var names = {};
      if (r.regions) r.regions.codes.forEach(function (c, k) { names[+c] = r.regions.names[k]; });
      f.svg.selectAll("circle.none").data(r.fit.share_observed).enter()
        .append("circle").attr("class", "share-point").attr("r", 3.5)
        .attr("fill", r.color).attr("opacity", 0.8)
        .attr("cx", function (o) { return x(o); })
        .attr("cy", function (o, s) { return y(r.fit.share_simulated[s]); })
        .on("mousemove", function (o, s) {
          showTip([(names[s + 1] || d3.format("02d")(s + 1)) + " (" + r.label + ")",
            "INEGI " + pct2(o) + ", simulated " + pct2(r.fit.share_simulated[s])]);
        })
        .on("mouseout", hideTip);
    });
  })();

  /* the difference of each directory's mean from the first's */
  function difference(id, name, label) {
    var base = runs[0], idx = {};
    base.dates.forEach(function (d, j) { idx[d] = j; });
    var others = runs.slice(1).map(function (r) {
      var t = [], v = [];
      r.dates.forEach(function (d, j) {
        var k = idx[d];
        if (k === undefined || (name !== "members" && j === 0)) return;
        var a = base.series[name].mean[k], b = r.series[name].mean[j];
        if (a === null || b === null) return;
        t.push(r.times[j]);
        v.push(b - a);
      });
      return {r: r, t: t, v: v};
    }).filter(function (o) { return o.t.length; });
    if (!others.length) {
      d3.select("#" + id).append("p").attr("class", "note").text(runs.length < 2 ?
        "One directory: give plaza report two or more (e.g. one per policy) " +
        "to compare them." : "No dates in common with the first directory.");
      return;
    }
    var f = frame(id, 200), all = [0], times = [];
    others.forEach(function (o) { all = all.concat(o.v); times = times.concat(o.t); });
    var x = d3.time.scale().range([f.m.l, f.W - f.m.r]).domain(d3.extent(times));
    var y = d3.scale.linear().range([f.H - f.m.b, f.m.t]).domain(d3.extent(all)).nice();
    axes(f, x, y, label + " minus " + base.label);
    f.svg.append("line").attr("class", "rule").attr("x1", f.m.l)
      .attr("x2", f.W - f.m.r).attr("y1", y(0)).attr("y2", y(0));
    others.forEach(function (o) {
      f.svg.append("path").attr("class", "line difference").attr("stroke", o.r.color)
        .attr("d", d3.svg.line().x(function (d, j) { return x(o.t[j]); })
          .y(function (d) { return y(d); })(o.v));
    });
    eventMarks(f, x);
    hover(f, x, others.map(function (o) {
      return {label: o.r.label, times: o.t, value: function (j) {
        return d3.format("+,.0f")(o.v[j]);
      }};
    }));
  }
  difference("difference-homicides", "homicides", "homicides per week");
  difference("difference-members", "members", "members");

  /* the largest groups of the first run that has groups.csv */
  (function () {
    var r = runs.filter(function (q) { return q.groups && q.groups.names.length; })[0];
    if (!r) {
      d3.select("#groups").append("p").attr("class", "note").text(
        "No groups.csv among these directories (ensembles have none; runs " +
        "made with --no-groups neither).");
      return;
    }
    var gc = d3.scale.category10(), f = frame("groups"), vals = [];
    r.groups.members.forEach(function (s) { vals = vals.concat(s); });
    var x = d3.time.scale().range([f.m.l, f.W - f.m.r]).domain(d3.extent(r.times));
    var y = d3.scale.linear().range([f.H - f.m.b, f.m.t])
      .domain([0, d3.max(vals) || 1]).nice();
    axes(f, x, y, "members (" + r.label + ")");
    r.groups.members.forEach(function (s, i) {
      f.svg.append("path").attr("class", "line group-line").attr("stroke", gc(i))
        .attr("d", d3.svg.line().defined(function (d) { return d !== null; })
          .x(function (d, j) { return x(r.times[j]); })
          .y(function (d) { return y(d); })(s));
    });
    eventMarks(f, x);
    hover(f, x, r.groups.names.map(function (n, i) {
      return {label: n, times: r.times, value: function (j) {
        return num(r.groups.members[i][j]);
      }};
    }));
    var lg = d3.select("#groups").append("div").attr("class", "legend");
    r.groups.names.forEach(function (n, i) {
      var k = lg.append("span").attr("class", "key group-key");
      k.append("span").attr("class", "swatch").style("background", gc(i));
      k.append("span").text(n);
    });
    lg.append("span").attr("class", "key").text("(" + r.groups.total +
      " groups in all; members)");
  })();

  /* the events' table */
  (function () {
    var t = d3.select("#events-table");
    if (!events.length) {
      t.append("tr").append("td").text("No dated events in these directories.");
      return;
    }
    var h = t.append("tr");
    ["date", "kind", "event", "directory"].forEach(function (c) { h.append("th").text(c); });
    events.forEach(function (e) {
      var tr = t.append("tr").attr("class", "event-row");
      tr.append("td").text(e.date);
      tr.append("td").text(e.kind);
      tr.append("td").text(e.text);
      tr.append("td").text(e.run);
    });
  })();

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

  /* the map: always drawn when there are boundaries; states without
   * data grey */
  var mapDiv = d3.select("#map");
  if (!PLAZA.topology) {
    mapDiv.append("p").attr("class", "note map-missing").text(
      "No map: the state boundaries were not found" + (PLAZA.topology_path ?
        " at " + PLAZA.topology_path : " (no data directory given)") +
      ". Give plaza report the data directory with --data DIR or PLAZA_DATA.");
    return;
  }
  var reg = null, regRun = null;
  runs.forEach(function (r) { if (!reg && r.regions) { reg = r.regions; regRun = r; } });
  var features = decode(PLAZA.topology);
  var index = {};
  if (reg) reg.codes.forEach(function (c, k) { index[c] = k; });
  var W = 760, H = 520, lon0 = -117.3, lat0 = 32.8, lon1 = -86.7, lat1 = 14.5;
  var kx = Math.cos(23 * Math.PI / 180);
  var k = Math.min((W - 20) / ((lon1 - lon0) * kx), (H - 20) / (lat0 - lat1));
  var projection = d3.geo.transform({point: function (lon, lat) {
    this.stream.point(10 + (lon - lon0) * kx * k, 10 + (lat0 - lat) * k);
  }});
  var path = d3.geo.path().projection(projection);
  var svg = mapDiv.append("svg").attr("viewBox", "0 0 " + W + " " + H)
    .attr("preserveAspectRatio", "xMinYMin meet").attr("id", "map-svg");
  var states = svg.selectAll("path").data(features).enter().append("path")
    .attr("class", "state").attr("d", path);
  states.append("title");
  if (!reg) {
    states.attr("fill", "#ddd");
    mapDiv.append("p").attr("class", "note").text(
      "These directories have no regions: the states are drawn without data.");
    return;
  }
  var years = reg.homicides.length, mode = "homicides";
  var perCapita = reg.population.some(function (p) { return p > 0; });
  var controls = d3.select("#controls");
  controls.append("label").attr("for", "year").text("Year ");
  var slider = controls.append("input").attr("type", "range")
    .attr("id", "year").attr("min", 0).attr("max", years - 1)
    .attr("value", years - 1);
  var yearLabel = controls.append("label").attr("id", "year-label");
  var modes = reg.controller ? ["homicides", "controller"] : ["homicides"];
  modes.forEach(function (mname) {
    var l = controls.append("label");
    l.append("input").attr("type", "radio").attr("name", "mode")
      .attr("value", mname).property("checked", mname === mode)
      .on("change", function () { mode = this.value; draw(); });
    l.append("span").text(mname === "homicides" ? (perCapita ?
      " homicides per 100,000" : " homicides") : " controlling group");
  });
  d3.select("#map-legend").attr("data-source", regRun.dir);
  var groupColors = d3.scale.category20();
  function measure(y, kk) {
    var h = reg.homicides[y][kk], p = reg.population[kk];
    return perCapita && p > 0 ? h / p * 1e5 : h;
  }
  var unit = perCapita ? "homicides per 100,000 inhabitants" : "homicides (mean)";
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
      if (kk === undefined) return f.id + ": no data";
      return reg.names[kk] + ", " + (reg.first_year + y) + ": " +
        fmt1(measure(y, kk)) + " " + unit +
        (reg.controller ? "; controller: " + (reg.controller[y][kk] || "none") : "");
    });
    /* the legend: a colour ramp with its unit, or the groups' colours */
    var lg = d3.select("#map-legend");
    lg.selectAll("*").remove();
    if (mode === "controller") {
      var names = {};
      reg.codes.forEach(function (c, kk) {
        var g = reg.controller[y][kk];
        if (g) names[g] = true;
      });
      Object.keys(names).sort().forEach(function (g) {
        var s = lg.append("span").attr("class", "key");
        s.append("span").attr("class", "swatch").style("background", groupColors(g));
        s.append("span").text(g);
      });
      var s0 = lg.append("span").attr("class", "key");
      s0.append("span").attr("class", "swatch").style("background", "#ccc");
      s0.append("span").text("contested or empty");
    } else {
      var ramp = lg.append("svg").attr("width", 260).attr("height", 34)
        .attr("id", "map-ramp");
      var gr = ramp.append("defs").append("linearGradient").attr("id", "heat-grad");
      gr.append("stop").attr("offset", "0%").attr("stop-color", "#fff5eb");
      gr.append("stop").attr("offset", "100%").attr("stop-color", "#7f2704");
      ramp.append("rect").attr("x", 5).attr("y", 2).attr("width", 250)
        .attr("height", 12).attr("fill", "url(#heat-grad)");
      var sx = d3.scale.linear().domain([0, max || 1]).range([5, 255]);
      ramp.append("g").attr("class", "axis").attr("transform", "translate(0,14)")
        .call(d3.svg.axis().scale(sx).orient("bottom").ticks(4));
      lg.append("span").attr("class", "key").text(unit + ", " +
        (reg.first_year + y) + " (" + regRun.label + ")");
    }
  }
  states.on("mousemove", function (f) {
    showTip([d3.select(this).select("title").text()]);
  }).on("mouseout", hideTip);
  slider.on("input", draw).on("change", draw);
  draw();
})();
