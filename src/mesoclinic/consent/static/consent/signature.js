// Drawn signatures for the consent page: a small canvas drawn on with a finger, stylus or
// mouse. On submit the drawing is put into the hidden field as a PNG data URL; the server
// checks it. Loaded as a file (the page's security policy allows no inline script).
(function () {
  "use strict";
  var form = document.querySelector("[data-consent-form]");
  if (!form) { return; }
  var pad = form.querySelector("[data-signature-pad]");
  var canvas = pad.querySelector("canvas");
  var output = form.querySelector("input[name=signature_png]");
  var clear = pad.querySelector("[data-signature-clear]");
  var radios = form.querySelectorAll("input[name=signature_kind]");
  var context = canvas.getContext("2d");
  var drawing = false;
  var inked = false;

  context.lineWidth = 3;
  context.lineCap = "round";
  context.lineJoin = "round";
  context.strokeStyle = "#1d2433";

  function kind() {
    var chosen = form.querySelector("input[name=signature_kind]:checked");
    return chosen ? chosen.value : "typed";
  }

  function showPad() {
    pad.hidden = kind() !== "drawn";
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * (canvas.width / box.width),
      y: (event.clientY - box.top) * (canvas.height / box.height)
    };
  }

  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    inked = true;
    var at = point(event);
    context.beginPath();
    context.moveTo(at.x, at.y);
    context.lineTo(at.x + 0.1, at.y + 0.1);
    context.stroke();
    event.preventDefault();
    // Keep the stroke when the finger strays outside the box; some pointers cannot be
    // captured, and drawing works without it.
    try { canvas.setPointerCapture(event.pointerId); } catch (ignored) { /* drawing goes on */ }
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var at = point(event);
    context.lineTo(at.x, at.y);
    context.stroke();
    event.preventDefault();
  });
  function stop() { drawing = false; }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);

  clear.addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height);
    inked = false;
    output.value = "";
  });

  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", showPad);
  }
  showPad();

  form.addEventListener("submit", function () {
    output.value = kind() === "drawn" && inked ? canvas.toDataURL("image/png") : "";
  });
})();
