// govcheck serve, upload page: a dropped file is put into the form and sent at once.
(function () {
  "use strict";
  var form = document.getElementById("gc-form");
  var drop = document.getElementById("gc-drop");
  var input = document.getElementById("gc-file");
  var chosen = document.getElementById("gc-chosen");
  var submit = document.getElementById("gc-submit");
  function show() {
    chosen.textContent = input.files.length ? chosen.dataset.label + input.files[0].name : "";
  }
  // A file dropped anywhere else must not make the browser open it instead.
  ["dragover", "drop"].forEach(function (name) {
    window.addEventListener(name, function (event) { event.preventDefault(); });
  });
  drop.addEventListener("dragover", function () { drop.classList.add("gc-over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("gc-over"); });
  drop.addEventListener("drop", function (event) {
    drop.classList.remove("gc-over");
    if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
    var kept = new DataTransfer();
    kept.items.add(event.dataTransfer.files[0]);
    input.files = kept.files;
    show();
    form.requestSubmit();
  });
  input.addEventListener("change", show);
  form.addEventListener("submit", function () {
    submit.disabled = true;
    submit.textContent = submit.dataset.busy;
  });
})();
