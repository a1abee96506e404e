// "None of these apply": ticking it answers every question "No" on the page, so the
// answers can be read before saving; answering "Yes" to one unticks it. Without this
// script the server records the unanswered questions as "No" all the same.
(function () {
  "use strict";
  var box = document.getElementById("id_none_apply");
  if (!box) { return; }
  var radios = document.querySelectorAll('.screening-item input[type="radio"]');
  box.addEventListener("change", function () {
    if (!box.checked) { return; }
    radios.forEach(function (radio) {
      if (radio.value === "no") { radio.checked = true; }
    });
  });
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked && radio.value === "yes") { box.checked = false; }
    });
  });
})();
