// On a page of a trainer window that an LMS's SCORM unit opened: tells that unit, and only a
// page at the LMS's origin, where the learner is (status, score, time, suspend data).
(function () {
  "use strict";
  var origin = document.currentScript.getAttribute("data-origin");
  if (!window.opener || !origin) return;
  fetch("/scorm/status", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (s) { if (s) window.opener.postMessage({ canteen: s }, origin); })
    .catch(function () {});
})();
