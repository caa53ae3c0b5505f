// What inline handlers (onchange="…", onclick="…") would do, from a file: the site's
// Content-Security-Policy runs no inline script. Delegated, so content htmx swaps in
// behaves the same.
//   <select data-submit-on-change>  submits its form when the choice changes
//   <button data-print>             prints the page
//   <form data-no-submit>           is never submitted as a whole (its buttons post)
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) field.form.submit();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });

  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("[data-no-submit]")) event.preventDefault();
  });
})();
