// govcheck serve, checked report: download it as the plain report (without this bar), or print it.
(function () {
  "use strict";
  function plain() {
    var copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll("[data-gc-serve]").forEach(function (node) { node.remove(); });
    copy.querySelectorAll("[nonce]").forEach(function (node) { node.removeAttribute("nonce"); });
    copy.querySelector("body").classList.remove("gc-serve-report");
    return "<!DOCTYPE html>\n" + copy.outerHTML + "\n";
  }
  var link = document.getElementById("gc-download");
  link.addEventListener("click", function () {
    var blob = new Blob([plain()], { type: "text/html;charset=utf-8" });
    link.href = URL.createObjectURL(blob);
  });
  document.getElementById("gc-print").addEventListener("click", function () { window.print(); });
})();
