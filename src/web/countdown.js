// The countdown on a timed decision: progressive, optional, and polite. Without this script the
// page says how long the decision has; with it the time left is shown and announced every ten
// seconds (and in the last five), and the learner can hide it.
(function () {
  "use strict";
  var box = document.getElementById("countdown");
  if (!box) return;
  var left = parseInt(box.getAttribute("data-seconds"), 10);
  if (!(left > 0)) return;
  var line = box.querySelector("p");
  var hide = box.querySelector("button");
  var shown = true;
  box.hidden = false;
  function say() {
    if (!shown) return;
    line.textContent = left > 0
      ? "Time left: " + left + " second" + (left === 1 ? "" : "s") + "."
      : "Time has run out. Your answer will count as time run out.";
  }
  say();
  hide.addEventListener("click", function () {
    shown = false;
    line.textContent = "";
    box.hidden = true;
  });
  var timer = setInterval(function () {
    left -= 1;
    if (left <= 0) { clearInterval(timer); left = 0; say(); return; }
    if (left % 10 === 0 || left <= 5) say();
  }, 1000);
})();
