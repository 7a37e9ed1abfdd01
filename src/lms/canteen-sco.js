// canteen's SCO: finds the LMS's SCORM 1.2 API adapter, opens the hosted trainer with a
// one-time launch token, and passes what the trainer reports (from its origin only) to the LMS.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.getAttribute("data-base");
  var scenario = script.getAttribute("data-scenario");
  var trainerOrigin = new URL(base).origin;
  var button = document.getElementById("open");
  var status = document.getElementById("status");
  var say = function (text) { status.textContent = text; };

  // The API adapter is on this window, a parent frame, or the window that opened this one.
  function findIn(win) {
    for (var n = 0; win && n < 10; n++) {
      try { if (win.API) return win.API; } catch (e) { return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = findIn(window) || (window.opener ? findIn(window.opener) : null);
  if (!api) {
    say("This page must be opened from your learning system, which could not be found.");
    return;
  }
  if (String(api.LMSInitialize("")) !== "true") {
    say("Your learning system did not let this course start (error " + api.LMSGetLastError() + ").");
    return;
  }
  var lesson = api.LMSGetValue("cmi.core.lesson_status");
  if (lesson === "not attempted" || lesson === "") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }
  var finished = false;
  function finish() {
    if (!finished) { finished = true; api.LMSFinish(""); }
  }
  window.addEventListener("pagehide", finish);

  var trainer = null;
  window.addEventListener("message", function (event) {
    if (event.origin !== trainerOrigin || event.source !== trainer) return;
    var s = event.data && event.data.canteen;
    if (!s || typeof s !== "object") return;
    if (["passed", "failed", "incomplete"].indexOf(s.lesson_status) >= 0) {
      api.LMSSetValue("cmi.core.lesson_status", s.lesson_status);
    }
    if (typeof s.score_raw === "number") {
      api.LMSSetValue("cmi.core.score.min", String(s.score_min));
      api.LMSSetValue("cmi.core.score.max", String(s.score_max));
      api.LMSSetValue("cmi.core.score.raw", String(s.score_raw));
    }
    if (typeof s.session_time === "string") api.LMSSetValue("cmi.core.session_time", s.session_time);
    if (typeof s.suspend_data === "string") api.LMSSetValue("cmi.suspend_data", s.suspend_data.slice(0, 4096));
    api.LMSCommit("");
    if (s.lesson_status === "passed" || s.lesson_status === "failed") {
      say("Your result (" + s.lesson_status + ", " + s.score_raw + "%) has been saved in your learning system.");
    } else {
      say("The scenario is open in its own window. Your progress is saved as you go.");
    }
  });

  button.disabled = false;
  say("Ready.");
  button.addEventListener("click", function () {
    // Opened now, in the click, so the browser does not block it; its address comes next.
    trainer = window.open("about:blank", "canteen-trainer");
    var body = new URLSearchParams({
      scenario: scenario,
      student_id: api.LMSGetValue("cmi.core.student_id"),
      student_name: api.LMSGetValue("cmi.core.student_name"),
      suspend_data: api.LMSGetValue("cmi.suspend_data") || ""
    });
    fetch(base + "/scorm/token", { method: "POST", body: body, credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (t) {
        trainer.location.href = base + "/scorm/launch/" + encodeURIComponent(t.token);
        say("The scenario is open in its own window.");
      })
      .catch(function (why) {
        if (trainer) trainer.close();
        say("canteen could not be reached to open the scenario (" + why + "). Try again, or tell your training team.");
      });
  });
})();
