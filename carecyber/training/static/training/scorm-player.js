// The SCORM player page: saves what the package frame reports, with the person's own session.
(function () {
  "use strict";
  var frame = document.getElementById("scorm-frame");
  var status = document.getElementById("scorm-save-status");
  if (!frame || !status) { return; }
  var runtime = frame.getAttribute("data-runtime");
  var csrf = frame.getAttribute("data-csrf");
  var queue = Promise.resolve();

  function save(values, finish) {
    queue = queue.then(function () {
      return fetch(runtime, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ values: values, finish: finish })
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        var finished = data.completed || data.lesson_status === "passed" || data.lesson_status === "completed";
        status.textContent = finished
          ? "Well done: you have completed this course. Your certificate is on your training page."
          : "Your progress is saved (" + data.lesson_status + ").";
      }).catch(function () {
        status.textContent = "We could not save your progress. Check your connection; we will try again when the course saves next.";
      });
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (data.source !== "carecyber-scorm" || typeof data.values !== "object") { return; }
    save(data.values, data.type === "finish");
  });
})();
