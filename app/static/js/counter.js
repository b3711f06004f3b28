// Live character counter for text areas with a limit; the server checks the limit too.
(function () {
  "use strict";
  var hints = document.querySelectorAll("[data-counter-for]");
  Array.prototype.forEach.call(hints, function (hint) {
    var form = hint.closest("form");
    var area = form && form.querySelector("textarea[name='" + hint.getAttribute("data-counter-for") + "']");
    if (!area) return;
    var max = parseInt(area.getAttribute("maxlength"), 10) || 1000;
    function update() {
      var left = max - area.value.length;
      hint.textContent = left >= 0 ? left + " / " + max : String(left);
      hint.classList.toggle("error", left < 0);
    }
    area.addEventListener("input", update);
    update();
  });
})();
