// The display wall's screen mode: one card at a time, every data-seconds, then the next
// page (data-next). A file rather than an inline script: the site's policy runs none.
(function () {
  "use strict";
  var body = document.body, cards = body.querySelectorAll(".wall-card"), i = 0;
  var seconds = parseInt(body.dataset.seconds, 10) || 8;
  if (!cards.length) return;
  body.classList.add("cycling");
  cards[0].classList.add("shown");
  setInterval(function () {
    cards[i].classList.remove("shown");
    i += 1;
    if (i >= cards.length) { window.location.search = body.dataset.next; return; }
    cards[i].classList.add("shown");
  }, seconds * 1000);
})();
