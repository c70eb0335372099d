  var network, nodes, edges, markerBoxes = [];
  var current = null;
  window.__stabilized = false;

  {{ tip_js }}

  function showDetails(lines) {
    var body = document.getElementById("details-body");
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(tipElement(lines));
  }

  // The rule of graph/dates.status, over the derived bounds stored on each fact. With
  // `unbounded` (a tenure) a missing side of the span has no bound; otherwise (a contract)
  // a fact with a missing side is undated and never listed.
  function statusOn(b, qFrom, qTo, unbounded) {
    if (!unbounded && (b.span_from == null || b.span_to == null)) return null;
    if ((b.span_from != null && b.span_from > qTo) ||
        (b.span_to != null && b.span_to < qFrom)) return null;
    if (b.latest_start != null && b.earliest_end != null &&
        b.latest_start <= qTo && b.earliest_end >= qFrom) return "held";
    return "possibly_held";
  }

  function paint(c) { return { color: c, highlight: c, hover: c }; }

  function edgeStyle(e, status) {
    if (e.structural) {
      return { color: paint(COLOURS.structure),
               width: 1, dashes: e.during ? [3, 3] : false,
               font: { size: 11, color: COLOURS.structure_ink, strokeWidth: 3 } };
    }
    if (status === "held") {
      return { color: paint(COLOURS.held),
               width: 3, dashes: false,
               font: { size: 12, color: COLOURS.held_ink, strokeWidth: 4 } };
    }
    if (status === "possibly_held") {
      return { color: paint(COLOURS.possible),
               width: 2.5, dashes: [9, 6],
               font: { size: 12, color: COLOURS.possible_ink, strokeWidth: 4 } };
    }
    if (DATA.view === "history" && e.fact) {
      return { color: paint(COLOURS.faded),
               width: 1, dashes: false,
               font: { size: 10, color: "rgba(0,0,0,0)", strokeWidth: 0 } };
    }
    return { color: paint(COLOURS.held),
               width: 2, dashes: false,
             font: { size: 12, color: COLOURS.held_ink, strokeWidth: 4 } };
  }

  function iso(d) { return d.toISOString().slice(0, 10); }
  // A day in words, as graph/words.date_words says it: "1 June 2014".
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  function dayWords(text) {
    var d = dayOf(text);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function dayOf(text) { return new Date(text + "T00:00:00Z"); }
  function addDays(text, n) {
    var d = dayOf(text); d.setUTCDate(d.getUTCDate() + n); return iso(d);
  }
  function daysBetween(a, b) { return Math.round((dayOf(b) - dayOf(a)) / 86400000); }

  var RANGE = null;
  function dateRange() {
    var all = [];
    DATA.edges.forEach(function (e) {
      if (e.bounds) ["span_from", "span_to"].forEach(function (k) {
        if (e.bounds[k]) all.push(e.bounds[k]); });
    });
    DATA.nodes.forEach(function (n) { if (n.from) all.push(n.from); });
    DATA.markers.forEach(function (m) { if (m.from) all.push(m.from); });
    all.sort();
    if (!all.length) return { lo: "2000-01-01", hi: "2000-12-31" };
    return { lo: all[0].slice(0, 4) + "-01-01", hi: all[all.length - 1].slice(0, 4) + "-12-31" };
  }

  function validDate(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text || "") && !isNaN(dayOf(text).getTime())
      && iso(dayOf(text)) === text;
  }

  // Show who held each post on `day` (history view).
  function applyDate(day, fromHash) {
    current = day;
    var active = {}, list = [];
    DATA.edges.forEach(function (e) {
      if (!e.fact) return;
      var s = statusOn(e.bounds, day, day, e.unbounded);
      e.current = s;
      if (s) {
        active[e.from] = true; active[e.to] = true;
        list.push(e);
      }
    });
    edges.update(DATA.edges.map(function (e) {
      var u = Object.assign({ id: e.id }, edgeStyle(e, e.fact ? e.current : null));
      if (e.fact) {
        u.label = e.head + "\n" + [STATUS[e.current || "known_not_held"],
          e.certainty].filter(Boolean).join(" · ");
      }
      return u;
    }));
    nodes.update(DATA.nodes.map(function (n) {
      var u = { id: n.id, hidden: !!(n.from && n.from > day) };
      if (n.fades && n.id !== DATA.focus) {
        u.opacity = active[n.id] ? 1 : 0.25;
      }
      return u;
    }));
    var slider = document.getElementById("date-slider");
    var offset = daysBetween(RANGE.lo, day);
    slider.value = String(Math.max(0, Math.min(offset, Number(slider.max))));
    slider.setAttribute("aria-valuetext", dayWords(day));
    document.getElementById("date-text").textContent = dayWords(day);
    document.getElementById("date-input").value = day;
    document.getElementById("on-date-heading").textContent = "In post on " + dayWords(day);
    fillList(list);
    if (!fromHash && location.hash !== "#" + day) history.replaceState(null, "", "#" + day);
    network.redraw();
  }

  // The facts drawn (and, outside the slider, the events) as buttons: the keyboard way to
  // every side panel. Names are set with textContent only.
  function fillList(list) {
    var ul = document.getElementById("on-date");
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    list.sort(function (a, b) { return (a.what + a.who).localeCompare(b.what + b.who); });
    list.forEach(function (e) {
      var li = document.createElement("li");
      li.className = e.current || "";
      li.dataset.id = e.id;
      li.dataset.fact = e.fact;
      li.dataset.status = e.current || "";
      li.dataset.person = e.from;
      var b = document.createElement("button");
      b.type = "button";
      var who = document.createElement("strong");
      who.textContent = e.who;
      var post = document.createElement("span");
      post.className = "post";
      post.textContent = " " + e.verb + " " + e.what + (e.current ? " (" +
        STATUS[e.current] + ")" : "");
      b.appendChild(who);
      b.appendChild(post);
      b.addEventListener("click", function () {
        network.selectEdges([e.id]);
        showDetails(e.tip);
      });
      li.appendChild(b);
      ul.appendChild(li);
    });
    if (!list.length) {
      var none = document.createElement("li");
      none.textContent = STATUS.no_known_holder + " (not known, not nobody).";
      ul.appendChild(none);
    }
    if (DATA.view === "history") return;
    DATA.markers.forEach(function (m) {
      var li = document.createElement("li");
      li.className = "event";
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = "▾ " + m.text + " · " + m.on;
      b.addEventListener("click", function () { showDetails(m.tip); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }

  function markerVisible(m) {
    if (DATA.view !== "history" || !current) return true;
    return m.from && m.from <= current && m.from >= addDays(current, -365);
  }

  function drawMarkers(ctx) {
    markerBoxes = [];
    var perAnchor = {};
    DATA.markers.forEach(function (m) {
      if (!markerVisible(m)) return;
      m.anchors.forEach(function (a) {
        var n = nodes.get(a);
        if (!n || n.hidden) return;
        (perAnchor[a] = perAnchor[a] || []).push(m);
      });
    });
    ctx.save();
    ctx.font = "11px DejaVu Sans, Arial, sans-serif";
    ctx.textBaseline = "middle";
    Object.keys(perAnchor).forEach(function (a) {
      var p = network.getPositions([a])[a];
      var box = network.getBoundingBox(a);
      // People carry their markers underneath; a council or firm, and the person a
      // career is about, carry them beside the box, clear of the edges below.
      var boxed = nodes.get(a).shape === "box";
      var right = DATA.view === "person" && a === DATA.focus;
      var left = !right && boxed;
      var y = right || left ? box.top + 6 : box.bottom + 30;
      perAnchor[a].forEach(function (m, k) {
        var w0 = ctx.measureText(m.text).width + 14;
        var x = right ? box.right + 14 : left ? box.left - 12 - w0 : p.x - 60;
        var yy = y + k * 16;
        ctx.fillStyle = COLOURS.event;
        ctx.beginPath();
        ctx.moveTo(x, yy - 5); ctx.lineTo(x + 10, yy - 5); ctx.lineTo(x + 5, yy + 4);
        ctx.closePath(); ctx.fill();
        ctx.fillStyle = COLOURS.event_ink;
        ctx.fillText(m.text, x + 14, yy);
        var w = ctx.measureText(m.text).width + 14;
        markerBoxes.push({ m: m, x0: x, y0: yy - 8, x1: x + w, y1: yy + 8 });
      });
    });
    ctx.restore();
  }

  function draw() {
    var nodeData = DATA.nodes.map(function (n) {
      var copy = Object.assign({}, n);
      copy.title = tipElement(n.tip);
      copy.fixed = true;
      return copy;
    });
    var edgeData = DATA.edges.map(function (e) {
      var copy = Object.assign({}, e, edgeStyle(e, e.status));
      copy.title = tipElement(e.tip);
      if (e.bounds) copy.bounds = undefined;
      return copy;
    });
    nodes = new vis.DataSet(nodeData);
    edges = new vis.DataSet(edgeData);
    var options = {
      physics: { enabled: false },
      layout: { improvedLayout: false },
      nodes: { font: { size: 14, face: "DejaVu Sans, Arial, sans-serif" }, borderWidth: 1 },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false,
               font: { align: "horizontal", face: "DejaVu Sans, Arial, sans-serif",
                       multi: false } },
      interaction: { hover: true, tooltipDelay: 200, keyboard: false, multiselect: false }
    };
    network = new vis.Network(document.getElementById("mynetwork"),
                              { nodes: nodes, edges: edges }, options);
    network.on("afterDrawing", drawMarkers);
    network.on("click", function (params) {
      var hit = markerBoxes.filter(function (b) {
        var c = params.pointer.canvas;
        return c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1; })[0];
      if (hit) { showDetails(hit.m.tip); return; }
      if (params.nodes.length) { showDetails(nodes.get(params.nodes[0]).tip); return; }
      if (params.edges.length) { showDetails(edges.get(params.edges[0]).tip); }
    });
    window.network = network;
    if (DATA.view === "history") {
      RANGE = dateRange();
      var slider = document.getElementById("date-slider");
      slider.max = String(daysBetween(RANGE.lo, RANGE.hi));
      slider.dataset.lo = RANGE.lo;
      var input = document.getElementById("date-input");
      input.min = RANGE.lo; input.max = RANGE.hi;
      slider.addEventListener("input", function () {
        applyDate(addDays(RANGE.lo, Number(slider.value)));
      });
      slider.addEventListener("keydown", function (ev) {
        if (ev.key === "PageUp" || ev.key === "PageDown") {
          ev.preventDefault();
          var d = dayOf(current);
          d.setUTCMonth(d.getUTCMonth() + (ev.key === "PageUp" ? 1 : -1));
          applyDate(iso(d));
        }
      });
      input.addEventListener("change", function () {
        if (validDate(input.value)) applyDate(input.value);
      });
      window.addEventListener("hashchange", function () {
        var h = location.hash.slice(1);
        if (validDate(h) && h !== current) applyDate(h, true);
      });
      var start = location.hash.slice(1);
      if (!validDate(start)) {
        var insp = DATA.nodes.filter(function (n) { return n.from; })
          .map(function (n) { return n.from; }).sort();
        start = insp.length ? insp[insp.length - 1] : RANGE.lo;
        applyDate(start, true);
      } else {
        applyDate(start, true);
      }
    } else {
      DATA.edges.forEach(function (e) { if (e.fact) e.current = e.status; });
      fillList(DATA.edges.filter(function (e) { return e.fact; }));
      if (DATA.focus) network.selectNodes([DATA.focus]);
    }
    network.fit();
    network.moveTo({ scale: network.getScale() * 0.9 });
    document.getElementById("status").textContent =
      "· " + nodes.length + " nodes, " + DATA.edges.length + " edges";
    window.accountable = {
      statusOn: statusOn, applyDate: applyDate,
      state: function () {
        return { date: current, active: DATA.edges.filter(function (e) {
          return e.fact && e.current; }).map(function (e) {
          return { id: e.id, fact: e.fact, status: e.current, from: e.from, to: e.to }; }) };
      }
    };
    window.__stabilized = true;
  }
  draw();
