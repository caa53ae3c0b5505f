// Live screens: one EventSource per venue; the server's clock drives every timer.
(function () {
  "use strict";
  var labels = {};
  var labelNode = document.getElementById("phase-labels");
  if (labelNode) labels = JSON.parse(labelNode.textContent);

  function clock(seconds) {
    var over = seconds < 0;
    var s = Math.abs(Math.round(seconds));
    var text = String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
    return over ? "+" + text : text;
  }

  function field(state, path) {
    return path.split(".").reduce(function (value, key) {
      return value == null ? null : value[key];
    }, state);
  }

  function attach(root) {
    var state = null;
    var receivedAt = 0;
    var lastKey = null;

    function remaining() {
      if (!state || state.timer.limit == null) return null;
      var elapsed = state.timer.elapsed;
      if (!state.timer.paused) elapsed += (Date.now() - receivedAt) / 1000;
      return state.timer.limit - elapsed;
    }

    function render() {
      root.querySelectorAll("[data-field]").forEach(function (node) {
        var name = node.dataset.field;
        var value = name === "phase" ? labels[state.phase] || state.phase : field(state, name);
        var empty = "empty" in node.dataset ? node.dataset.empty : "—";
        node.textContent = value == null || value === "" ? empty : value;
      });
      root.dataset.phase = state.phase;
      root.classList.toggle("paused", !!state.timer.paused);
      root.classList.toggle("revealed", state.score != null);
      renderMarks();
      renderBoard();
      renderButtons();
      root.querySelectorAll("[data-results-link]").forEach(function (link) {
        if (state.results_url) link.href = state.results_url;
        link.hidden = !state.results_url;
      });
      tick();
    }

    // 现场亮分: each judge's total, the dropped highest and lowest struck through.
    function renderMarks() {
      root.querySelectorAll("[data-marks]").forEach(function (list) {
        list.textContent = "";
        (state.marks || []).forEach(function (mark) {
          var item = document.createElement("li");
          var text = document.createElement(mark.struck ? "s" : "span");
          text.textContent = mark.total;
          if (mark.struck) item.className = "struck";
          item.appendChild(text);
          list.appendChild(item);
        });
      });
    }

    // 现场排名: the venue's revealed scores so far, best first (ties share a rank).
    function renderBoard() {
      root.querySelectorAll("[data-leaderboard]").forEach(function (board) {
        var list = board.querySelector("ol");
        var rows = state.leaderboard || [];
        list.textContent = "";
        rows.forEach(function (row) {
          var item = document.createElement("li");
          [["rank", row.rank], ["title", row.title], ["score", row.score]].forEach(function (cell) {
            var part = document.createElement("span");
            part.className = "lb-" + cell[0];
            part.textContent = cell[1];
            item.appendChild(part);
          });
          list.appendChild(item);
        });
        board.hidden = rows.length === 0;
      });
    }

    // The console's buttons: enabled only when the action is allowed in this phase, the
    // next legal action as the primary button (the server refuses anything else anyway).
    function renderButtons() {
      root.querySelectorAll("[data-when]").forEach(function (button) {
        var allowed = button.dataset.when.split(" ").indexOf(state.phase) >= 0;
        if (button.dataset.paused) allowed = allowed && String(!!state.timer.paused) === button.dataset.paused;
        if (button.dataset.revealed === "false") allowed = allowed && state.score == null;
        button.disabled = !allowed;
        var primary = (button.dataset.primaryWhen || "").split(" ").indexOf(state.phase) >= 0;
        button.classList.toggle("primary", allowed && primary);
      });
    }

    function tick() {
      var left = remaining();
      root.querySelectorAll("[data-timer]").forEach(function (node) {
        node.textContent = left == null ? "" : clock(left);
        node.classList.toggle("overtime", left != null && left < 0);
      });
    }

    var source = new EventSource(root.dataset.live);
    source.addEventListener("state", function (event) {
      state = JSON.parse(event.data);
      receivedAt = Date.now();
      render();
      var key = (state.entry ? state.entry.id : "-") + "/" + state.phase;
      var changed = key !== lastKey;
      lastKey = key;
      if (window.htmx) {
        root.querySelectorAll("[data-refresh]").forEach(function (node) {
          if (node.dataset.refresh === "always") window.htmx.trigger(node, "live-changed");
          else if (changed) redrawFor(node, state.version);
        });
      }
      root.dataset.version = state.version;
    });
    source.onerror = function () { root.classList.add("reconnecting"); };
    source.onopen = function () { root.classList.remove("reconnecting"); };
    setInterval(tick, 250);
  }

  // A part drawn for the team on stage and its phase (data-refresh="entry") is redrawn
  // when they change, unless the server drew it at that state already (data-state-version
  // is the venue's version then), and never while a request sent from inside it is out:
  // the redraw would cut off the judge's submission (they share hx-sync) or draw over its
  // answer, and the refusal beside the mark would be lost. It waits for the answer.
  function redrawFor(node, version) {
    node.podiumWanted = version;
    redrawIfBehind(node);
  }

  function redrawIfBehind(node) {
    if (node.podiumOut) return;  // looked at again when the answer is in
    var drawn = node.querySelector("[data-state-version]");
    if (drawn && Number(drawn.dataset.stateVersion) >= node.podiumWanted) return;
    window.htmx.trigger(node, "live-changed");
  }

  document.addEventListener("htmx:beforeSend", function (event) {
    var elt = event.detail.elt, xhr = event.detail.xhr;
    var node = elt && elt.closest && elt.closest('[data-refresh="entry"]');
    if (!node || node === elt || !xhr) return;
    node.podiumOut = (node.podiumOut || 0) + 1;
    xhr.addEventListener("loadend", function () {  // after htmx has shown the answer
      node.podiumOut -= 1;
      if (!node.podiumOut && node.podiumWanted != null) redrawIfBehind(node);
    });
  });

  // A submit that meets a lost connection is sent again with the same client token,
  // which the server treats as the same submission.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest("form[data-retry]");
    if (!form) return;
    var note = form.querySelector("[data-retrying]");
    if (note) note.hidden = false;
    setTimeout(function () { window.htmx.trigger(form, "submit"); }, 1500);
  });

  // The tablet keeps each team's typed marks on the device too: a reload or a dropped
  // connection loses nothing, and the same client token resubmits the same sheet.
  function keepDrafts(form) {
    var key = "podium-sheet:" + form.dataset.keep;
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
    var restored = false;
    form.querySelectorAll("input[data-mark]").forEach(function (input) {
      if (!input.value && saved[input.name]) { input.value = saved[input.name]; restored = true; }
    });
    if (saved.client_token && form.elements.client_token) form.elements.client_token.value = saved.client_token;
    var note = form.querySelector("[data-restored]");
    if (note) note.hidden = !restored;
    form.addEventListener("input", function () {
      var marks = { client_token: form.elements.client_token ? form.elements.client_token.value : "" };
      form.querySelectorAll("input[data-mark]").forEach(function (input) { marks[input.name] = input.value; });
      try { localStorage.setItem(key, JSON.stringify(marks)); } catch (e) { /* private mode */ }
    });
  }

  function watchForms(scope) {
    scope.querySelectorAll("form[data-keep]").forEach(function (form) {
      if (form.dataset.kept) return;
      form.dataset.kept = "1";
      keepDrafts(form);
    });
    scope.querySelectorAll("[data-submitted-key]").forEach(function (node) {
      try { localStorage.removeItem("podium-sheet:" + node.dataset.submittedKey); } catch (e) { /* none */ }
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) { watchForms(event.detail.elt); });
  window.addEventListener("online", function () {
    document.querySelectorAll("form[data-retry][data-pending]").forEach(function (form) {
      window.htmx.trigger(form, "submit");
    });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[data-retry]");
    if (form && event.detail.elt === form) form.dataset.pending = "1";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt.matches && elt.matches("form[data-retry]") && event.detail.xhr && event.detail.xhr.status) {
      delete elt.dataset.pending;
      var note = elt.querySelector("[data-retrying]");
      if (note) note.hidden = true;
    }
  });

  watchForms(document);
  document.querySelectorAll("[data-live]").forEach(attach);
})();
