/* csscore scoring workshop: saves a partner's grades as they change; keeps the facilitator's
   page live. The page's bearer token is read from <body data-token>; no cookies are used. */
(function () {
  "use strict";
  var body = document.body;
  var token = body.getAttribute("data-token");

  function api(method, path, data) {
    var options = { method: method, headers: { "Authorization": "Bearer " + token } };
    if (data !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(data);
    }
    return fetch(path, options).then(function (response) {
      return response.json().then(function (json) {
        return { status: response.status, json: json };
      }, function () { return { status: response.status, json: {} }; });
    });
  }

  function cell(row, text, header) {
    var td = document.createElement(header ? "th" : "td");
    if (header) { td.setAttribute("scope", "row"); }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function fill(table, rows) {
    var tbody = table.querySelector("tbody");
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    rows.forEach(function (values) {
      var tr = document.createElement("tr");
      values.cells.forEach(function (text, i) { cell(tr, text, i === 0); });
      if (values.flag) { tr.className = values.flag; }
      tbody.appendChild(tr);
    });
    var empty = table.getAttribute("data-empty");
    if (!rows.length && empty) {  // what an empty table is waiting for, across its columns
      var tr = document.createElement("tr");
      var td = document.createElement("td");
      tr.className = "empty";
      td.colSpan = table.querySelectorAll("thead th").length;
      td.textContent = empty;
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
  }

  function partnerPage() {
    var progress = document.getElementById("progress");
    var queue = Promise.resolve();
    function save(form, control) {
      var status = form.querySelector("[data-status]");
      var data = { issue: form.getAttribute("data-issue") };
      var factor = control.getAttribute("data-factor");
      if (factor) {
        data.grades = {};
        data.grades[factor] = control.value;
      } else {
        data[control.getAttribute("data-field")] = control.value;
      }
      status.textContent = "saving…";
      // one save at a time, in the order made: a later change never lands before an earlier one
      queue = queue.then(function () {
        return api("PUT", "/api/v1/grades", data).then(function (answer) {
          if (answer.status === 200) {
            status.textContent = "saved";
            progress.textContent = answer.json.graded + " of " + answer.json.issues + " graded";
          } else {
            status.textContent = "not saved: " + (answer.json.error || answer.status);
          }
        }, function () { status.textContent = "not saved: the server cannot be reached"; });
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("form.grading"), function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("change", function (event) { save(form, event.target); });
    });
  }

  function facilitatorPage() {
    var toggle = document.getElementById("round-toggle");
    var state = document.getElementById("round-state");
    var chooser = document.getElementById("grid-issue");
    var resultsStatus = document.getElementById("results-status");

    function showRound(open) {
      toggle.setAttribute("data-open", open ? "true" : "false");
      toggle.textContent = open ? "Close the round" : "Reopen the round";
      state.textContent = open ? "open" : "closed";
    }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("data-open") !== "true";
      api("POST", "/api/v1/round", { open: open }).then(function (answer) {
        if (answer.status === 200) { showRound(answer.json.open); }
      });
    });

    function refresh() {
      api("GET", "/api/v1/progress").then(function (answer) {
        if (answer.status !== 200) { return; }
        showRound(answer.json.open);
        fill(document.getElementById("partners"), answer.json.partners.map(function (p) {
          return { cells: [p.partner, p.graded + " of " + answer.json.issues] };
        }));
      });
      Promise.all([api("GET", "/api/v1/results"), api("GET", "/api/v1/ranking")]).then(function (both) {
        var agreement = both[0], ranking = both[1];
        if (agreement.status !== 200 || ranking.status !== 200) {
          resultsStatus.textContent = (agreement.json.error || ranking.json.error || "no results yet");
          fill(document.getElementById("ranking"), []);  // never the results of grades since changed
          fill(document.getElementById("alpha"), []);
          return;
        }
        resultsStatus.textContent = "";
        showResults(agreement.json, ranking.json);
      });
      var issue = chooser.value;
      api("GET", "/api/v1/grid?issue=" + encodeURIComponent(issue)).then(function (answer) {
        if (answer.status !== 200) { return; }
        var factors = answer.json.factors;
        fill(document.getElementById("grid"), answer.json.partners.map(function (p) {
          return { cells: [p.partner].concat(factors.map(function (f) {
            return p.grades[f] || "–";
          })).concat([p.confidence || "–"]) };
        }));
      });
    }

    function showResults(agreement, ranking) {
      var contested = {};
      var partners = {};
      (agreement.issues || []).forEach(function (item) {
        contested[item.issue] = item.contested;
        partners[item.issue] = item.partners;
      });
      fill(document.getElementById("ranking"), (ranking.issues || []).map(function (item) {
        return {
          cells: [String(item.rank), item.issue, String(item.risk), item.band,
                  String(partners[item.issue] === undefined ? "" : partners[item.issue]),
                  contested[item.issue] ? "contested" : ""],
          flag: contested[item.issue] ? "contested" : ""
        };
      }));
      var alpha = agreement.alpha || {};
      var labels = { overall: "All factors" };  // factor id -> its label, as in the grid header
      document.querySelectorAll("#grid thead th[title]").forEach(function (th) {
        labels[th.getAttribute("title")] = th.textContent;
      });
      fill(document.getElementById("alpha"), Object.keys(alpha).map(function (key) {
        var value = alpha[key];
        return { cells: [labels[key] || key, value === null ? "undefined" : value.toFixed(3)] };
      }));
    }

    chooser.addEventListener("change", refresh);
    refresh();
    window.setInterval(refresh, 2000);
  }

  if (body.getAttribute("data-page") === "partner") { partnerPage(); }
  if (body.getAttribute("data-page") === "facilitator") { facilitatorPage(); }
}());
