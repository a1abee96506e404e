// Pose guide: the baseline photo of the chosen pose drawn faintly over the new photo, so
// the patient can stand as they did then. The baseline is read through the access-checked
// photo address; the new photo never leaves the device until the form is sent. Without
// this script the form is a plain upload.
(function () {
  "use strict";
  document.querySelectorAll("[data-pose-guide]").forEach(function (guide) {
    var data = document.getElementById(guide.getAttribute("data-pose-guide"));
    var form = guide.closest("form");
    if (!data || !form) { return; }
    var baselines = JSON.parse(data.textContent);
    var pose = form.querySelector("select[name=pose]");
    var file = form.querySelector("input[type=file]");
    var canvas = guide.querySelector("[data-pose-guide-canvas]");
    var slider = guide.querySelector("[data-pose-guide-opacity]");
    var context = canvas.getContext("2d");
    var ghost = null;
    var shot = null;

    function fit(image) {
      // Contained in the canvas, centred, so both images share one frame.
      var naturalWidth = image.naturalWidth || image.width;
      var naturalHeight = image.naturalHeight || image.height;
      var scale = Math.min(canvas.width / naturalWidth, canvas.height / naturalHeight);
      var width = naturalWidth * scale;
      var height = naturalHeight * scale;
      return [(canvas.width - width) / 2, (canvas.height - height) / 2, width, height];
    }

    function draw() {
      context.globalAlpha = 1;
      context.fillStyle = "#e9ecf2";
      context.fillRect(0, 0, canvas.width, canvas.height);
      if (shot) {
        var at = fit(shot);
        context.drawImage(shot, at[0], at[1], at[2], at[3]);
      }
      if (ghost) {
        var place = fit(ghost);
        context.globalAlpha = Number(slider.value) / 100;
        context.drawImage(ghost, place[0], place[1], place[2], place[3]);
        context.globalAlpha = 1;
      }
      // What the preview shows, for assistive checks and tests alike.
      canvas.setAttribute("data-showing", [shot ? "photo" : "", ghost ? "baseline" : ""].join(" ").trim());
    }

    function loadGhost() {
      var address = baselines[pose.value];
      guide.hidden = !address;
      ghost = null;
      if (!address) { return; }
      var image = new Image();
      image.addEventListener("load", function () {
        if (baselines[pose.value] === address) { ghost = image; draw(); }
      });
      image.src = address;
      draw();
    }

    function loadShot() {
      shot = null;
      var chosen = file.files && file.files[0];
      if (!chosen || !window.createImageBitmap) { draw(); return; }
      // Decoded straight from the file: no object address, which the page's security
      // policy would refuse as an image source. A file the browser cannot show (HEIF on
      // some browsers) still uploads; only the preview is missing.
      createImageBitmap(chosen).then(function (bitmap) {
        shot = bitmap;
        draw();
      }, draw);
    }

    // The baseline is fetched once someone starts adding a photo, not whenever the page is
    // read: each photo read is audited, and the trail should hold the photos people saw.
    var started = false;
    function start() {
      if (started) { return; }
      started = true;
      pose.addEventListener("change", loadGhost);
      file.addEventListener("change", loadShot);
      slider.addEventListener("input", draw);
      loadGhost();
      loadShot();
    }
    form.addEventListener("focusin", start);
    form.addEventListener("change", start);
  });
})();
