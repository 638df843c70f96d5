// Draft page: fetch the page images of the document as it will print. LibreOffice takes
// seconds, so the page does not wait for them; until they come (or when they cannot be
// made) the text preview stays open.
(function () {
  "use strict";
  var box = document.getElementById("preview-pages");
  if (!box || !box.dataset.src) return;

  function say(text) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "flash warn";
    p.textContent = text;
    box.appendChild(p);
  }

  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      if (data.error) { say(data.error); return; }
      box.textContent = "";
      data.pages.forEach(function (src, i) {
        var figure = document.createElement("figure");
        figure.className = "page";
        var img = document.createElement("img");
        img.src = src;
        img.alt = "第 " + (i + 1) + " 页";
        var caption = document.createElement("figcaption");
        caption.textContent = (i + 1) + " / " + data.pages.length;
        figure.appendChild(img);
        figure.appendChild(caption);
        box.appendChild(figure);
      });
      var link = document.getElementById("preview-pdf");
      if (link) { link.href = data.pdf; link.hidden = false; }
      var text = document.getElementById("preview-text");
      if (text) text.open = false;
    })
    .catch(function (err) {
      say("版面预览未能取得（" + err.message + "），请刷新页面重试；下面是文字预览。");
    });
})();
