// Photo comparison: switch a pose between side by side and overlay, where the later photo
// lies over the earlier one at the opacity the slider sets. Loaded as a file (the page's
// security policy allows no inline script); without it the page shows side by side.
(function () {
  "use strict";
  document.querySelectorAll("[data-compare]").forEach(function (section) {
    var controls = section.querySelector("[data-compare-controls]");
    var pair = section.querySelector("[data-compare-pair]");
    var top = section.querySelector("[data-compare-top]");
    if (!controls || !pair || !top) { return; }
    var opacity = section.querySelector("[data-compare-opacity]");
    var slider = section.querySelector("[data-compare-slider]");

    function show() {
      var chosen = section.querySelector("[data-compare-mode]:checked");
      var overlay = chosen !== null && chosen.value === "overlay";
      pair.classList.toggle("is-overlay", overlay);
      opacity.hidden = !overlay;
      top.style.opacity = overlay ? String(Number(slider.value) / 100) : "";
    }

    section.querySelectorAll("[data-compare-mode]").forEach(function (radio) {
      radio.addEventListener("change", show);
    });
    slider.addEventListener("input", show);
    controls.hidden = false;
    show();
  });
})();
