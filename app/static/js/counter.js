// Writing helpers: a live character counter for text areas with a limit (the server checks the limit too), and
// "Need a start?" questions (button[data-idea]) that go into the text after what is written, never instead of it.
// Without JavaScript the question buttons post the form, and the page comes back with the text and the question.
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

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-idea]");
    var area = button && button.form && button.form.querySelector("textarea");
    if (!area) return;
    event.preventDefault();
    var text = area.value.replace(/\s+$/, "");
    area.value = (text ? text + "\n\n" : "") + button.textContent.trim() + "\n";
    var prompt = button.form.querySelector("input[name=prompt]");
    if (prompt) prompt.value = button.value;
    area.dispatchEvent(new Event("input"));
    button.closest("details").open = false;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  });
})();
