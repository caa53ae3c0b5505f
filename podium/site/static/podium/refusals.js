// A refusal answered to an htmx request (status 4xx, header Podium-Refusal) is shown in
// the form that sent it: the message above, each named field marked and its own message
// beside it. Nothing the user typed is replaced.
(function () {
  "use strict";

  function clear(form) {
    form.querySelectorAll("[data-refusal]").forEach(function (node) { node.remove(); });
    form.querySelectorAll(".refusal-field").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid=true]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
  }

  function holder(elt) {
    var form = elt.closest("form") || elt.closest("[data-refusal-slot]") || document.querySelector("main");
    // The form may have been redrawn while the request was out (a phase change on the
    // tablet): the refusal goes to the one on the page now.
    if (!document.contains(form) && form.id) form = document.getElementById(form.id) || form;
    return form;
  }

  function show(elt, html) {
    var form = holder(elt);
    clear(form);
    var box = document.createElement("div");
    box.innerHTML = html;
    var message = box.querySelector("[data-refusal]");
    if (!message) return;
    var first = null;
    message.querySelectorAll("template[data-refusal-for]").forEach(function (template) {
      var input = form.querySelector('[name="' + template.dataset.refusalFor + '"]');
      if (!input || input.type === "hidden") return;
      input.setAttribute("aria-invalid", "true");
      var note = document.createElement("span");
      note.className = "errorlist refusal-field";
      note.setAttribute("role", "alert");
      note.textContent = template.content.textContent;
      input.insertAdjacentElement("afterend", note);
      first = first || input;
      template.remove();
    });
    // A status line such as "draft saved" would contradict the refusal: it goes.
    form.querySelectorAll("[data-refusal-clears]").forEach(function (node) { node.textContent = ""; });
    // A form inside a part of the page that refreshes itself names a steadier place.
    var slot = (form.dataset.refusalInto && document.querySelector(form.dataset.refusalInto)) ||
      form.querySelector("[data-refusal-slot]");
    if (slot) {
      slot.querySelectorAll("[data-refusal]").forEach(function (node) { node.remove(); });
      slot.prepend(message);
    } else {
      form.prepend(message);
    }
    if (window.htmx) window.htmx.process(message);  // its "confirm" button posts again
    if (first) first.focus();
    form.dispatchEvent(new CustomEvent("podium:refused", { bubbles: true, detail: { message: message } }));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr.getResponseHeader("Podium-Refusal")) return;
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    // The element that sent the request: for a boosted form htmx reports the body.
    var config = event.detail.requestConfig;
    show((config && config.elt) || event.detail.elt, xhr.responseText);
  });

  // A submission that went through clears its form's earlier refusal; a field the user
  // edits loses its own mark (the message above stays until the next submission).
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt, xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("Podium-Refusal")) return;  // shown above, keep it
    if (event.detail.successful && elt.tagName === "FORM") clear(elt);
  });
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.getAttribute && input.getAttribute("aria-invalid") === "true") {
      input.removeAttribute("aria-invalid");
      var note = input.nextElementSibling;
      if (note && note.classList.contains("refusal-field")) note.remove();
    }
  });
})();
