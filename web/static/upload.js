// Upload page: drag and drop, upload progress, then each file's state polled until done.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var progress = document.getElementById("progress");
  var progressText = document.getElementById("progress-text");
  var tbody = document.querySelector("#jobs tbody");
  var token = form.querySelector("input[name=csrf_token]").value;
  var FINISHED = {done: 1, failed: 1, duplicate: 1, refused: 1};

  function row(job) {
    var tr = document.querySelector('tr[data-job="' + job.id + '"]');
    if (!tr) {
      tr = document.createElement("tr");
      tr.innerHTML = '<td class="file"></td><td class="state"><span class="tag"></span></td><td class="reason"></td><td class="link"></td>';
      if (job.id) tr.setAttribute("data-job", job.id);
      var none = tbody.querySelector("tr.none");
      if (none) none.remove();
      tbody.insertBefore(tr, tbody.firstChild);
    }
    tr.setAttribute("data-state", job.state);
    tr.querySelector(".file").textContent = job.filename;
    var tag = tr.querySelector(".tag");
    tag.className = "tag " + job.state;
    tag.textContent = job.label;  // the state's Chinese label, from the server's one table
    tr.querySelector(".reason").textContent = job.reason || "";
    var link = tr.querySelector(".link");
    if (job.ruling_id && !link.firstChild) {
      var a = document.createElement("a");
      a.href = "/cases/" + job.ruling_id;
      a.textContent = "查看";
      link.appendChild(a);
    }
  }

  function poll() {
    var ids = [];
    document.querySelectorAll("tr[data-job]").forEach(function (tr) {
      if (!FINISHED[tr.getAttribute("data-state")]) ids.push(tr.getAttribute("data-job"));
    });
    if (!ids.length) return;
    fetch("/upload/jobs?ids=" + ids.join(","), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) { data.jobs.forEach(row); })
      .finally(function () { setTimeout(poll, 1500); });
  }

  function send(chosen) {
    // A copy: the chooser's FileList is live and emptied when the input is reset below,
    // which made the page say "已上传 0 个文件".
    var files = Array.prototype.slice.call(chosen);
    if (!files.length) return;
    var data = new FormData();
    for (var i = 0; i < files.length; i++) data.append("files", files[i]);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.pathname);
    xhr.setRequestHeader("X-CSRF-Token", token);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.setRequestHeader("Accept", "application/json");
    progress.hidden = false;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        progress.value = Math.round(e.loaded / e.total * 100);
        progressText.textContent = "正在上传 " + files.length + " 个文件：" + progress.value + "%";
      }
    };
    xhr.onload = function () {
      progress.hidden = true;
      if (xhr.status !== 200) { progressText.textContent = "上传失败（" + xhr.status + "）"; return; }
      progressText.textContent = "已上传 " + files.length + " 个文件，后台读取中。";
      JSON.parse(xhr.responseText).files.forEach(row);
      poll();
    };
    xhr.onerror = function () { progress.hidden = true; progressText.textContent = "上传失败：网络错误"; };
    xhr.send(data);
  }

  input.addEventListener("change", function () { send(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (e) { e.preventDefault(); form.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function (e) { e.preventDefault(); form.classList.remove("over"); });
  });
  form.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
  poll();
})();
