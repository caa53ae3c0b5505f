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
        node.textContent = value == null || value === "" ? node.dataset.empty || "—" : value;
      });
      root.dataset.phase = state.phase;
      root.classList.toggle("paused", !!state.timer.paused);
      root.classList.toggle("revealed", state.score != null);
      tick();
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
          if (node.dataset.refresh === "always" || changed) window.htmx.trigger(node, "live-changed");
        });
      }
      root.dataset.version = state.version;
    });
    source.onerror = function () { root.classList.add("reconnecting"); };
    source.onopen = function () { root.classList.remove("reconnecting"); };
    setInterval(tick, 250);
  }

  // A submit that meets a lost connection is sent again with the same client token,
  // which the server treats as the same submission.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest("form[data-retry]");
    if (!form) return;
    var note = form.querySelector("[data-retrying]");
    if (note) note.hidden = false;
    setTimeout(function () { window.htmx.trigger(form, "submit"); }, 1500);
  });

  document.querySelectorAll("[data-live]").forEach(attach);
})();
