// Review page: place each evidence box on its page image (PDF points → image pixels at the
// page's DPI), and link boxes and fields both ways.
(function () {
  "use strict";
  var pages = document.getElementById("pages");
  if (!pages) return;
  var dpi = parseFloat(pages.getAttribute("data-dpi")) || 100;

  function place(figure) {
    var img = figure.querySelector("img");
    if (!img.naturalWidth) return;
    var w = img.naturalWidth, h = img.naturalHeight, k = dpi / 72;
    figure.querySelectorAll(".box").forEach(function (box) {
      var x0 = +box.dataset.x0 * k, top = +box.dataset.top * k, x1 = +box.dataset.x1 * k, bottom = +box.dataset.bottom * k;
      box.style.left = (x0 / w * 100) + "%";
      box.style.top = (top / h * 100) + "%";
      box.style.width = ((x1 - x0) / w * 100) + "%";
      box.style.height = ((bottom - top) / h * 100) + "%";
    });
  }
  document.querySelectorAll("figure.page").forEach(function (figure) {
    var img = figure.querySelector("img");
    if (img.complete) place(figure); else img.addEventListener("load", function () { place(figure); });
  });

  function matches(boxField, field) {
    return boxField === field;
  }
  function highlight(field, scroll) {
    var first = null;
    document.querySelectorAll(".box").forEach(function (box) {
      var on = matches(box.dataset.field, field);
      box.classList.toggle("active", on);
      if (on && !first) first = box;
    });
    document.querySelectorAll(".field").forEach(function (f) { f.classList.toggle("active", f.dataset.field === field); });
    if (first && scroll) first.scrollIntoView({block: "center", behavior: "smooth"});
  }
  document.querySelectorAll(".field").forEach(function (f) {
    f.addEventListener("focusin", function () { highlight(f.dataset.field, true); });
  });
  document.querySelectorAll(".box").forEach(function (box) {
    box.addEventListener("click", function () {
      highlight(box.dataset.field, false);
      var field = document.querySelector('.field[data-field="' + box.dataset.field + '"]');
      if (field) field.scrollIntoView({block: "center", behavior: "smooth"});
    });
  });
})();
