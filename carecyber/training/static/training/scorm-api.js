// The SCORM 1.2 runtime API (window.API) inside a sandboxed package frame.
// The package reads and writes cmi.* values here; what it changes is sent to the
// CareCyber player page (the parent) on LMSCommit and LMSFinish, which saves it.
(function () {
  "use strict";
  var script = document.currentScript;
  var cmi = {};
  try { cmi = JSON.parse(script.getAttribute("data-cmi") || "{}"); } catch (e) { cmi = {}; }
  var writable = {
    "cmi.core.lesson_status": true, "cmi.core.lesson_location": true, "cmi.core.score.raw": true,
    "cmi.core.score.min": true, "cmi.core.score.max": true, "cmi.core.session_time": true,
    "cmi.core.exit": true, "cmi.suspend_data": true
  };
  var statuses = ["passed", "completed", "failed", "incomplete", "browsed"];
  var errors = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "301": "Not initialized", "401": "Not implemented error", "402": "Invalid set value, element is a keyword",
    "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type"
  };
  var children = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max"
  };
  var state = "new";
  var lastError = "0";
  var changed = {};

  function fail(code) { lastError = code; return "false"; }
  function send(type) {
    var values = changed;
    changed = {};
    window.parent.postMessage({ source: "carecyber-scorm", type: type, values: values }, "*");
  }
  function valid(element, value) {
    if (element === "cmi.core.lesson_status") { return statuses.indexOf(value) >= 0; }
    if (element.indexOf("cmi.core.score.") === 0) {
      if (value === "") { return true; }
      var n = Number(value);
      return !isNaN(n) && n >= 0 && n <= 100;
    }
    if (element === "cmi.core.session_time") { return /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(value); }
    if (element === "cmi.core.exit") { return ["time-out", "suspend", "logout", ""].indexOf(value) >= 0; }
    if (element === "cmi.core.lesson_location") { return value.length <= 255; }
    if (element === "cmi.suspend_data") { return value.length <= 4096; }
    return false;
  }

  window.API = {
    LMSInitialize: function (arg) {
      if (arg !== "" && arg !== undefined) { return fail("201"); }
      state = "running"; lastError = "0"; return "true";
    },
    LMSFinish: function (arg) {
      if (state !== "running") { return fail("301"); }
      state = "finished"; lastError = "0"; send("finish"); return "true";
    },
    LMSGetValue: function (element) {
      if (state !== "running") { fail("301"); return ""; }
      element = String(element);
      if (children[element]) { lastError = "0"; return children[element]; }
      if (element === "cmi.core.session_time" || element === "cmi.core.exit") { fail("404"); return ""; }
      if (!(element in cmi)) { fail("401"); return ""; }
      lastError = "0"; return String(cmi[element]);
    },
    LMSSetValue: function (element, value) {
      if (state !== "running") { return fail("301"); }
      element = String(element); value = String(value);
      if (element.slice(-10) === "._children") { return fail("402"); }
      if (!writable[element]) { return fail(element in cmi ? "403" : "401"); }
      if (!valid(element, value)) { return fail("405"); }
      cmi[element] = value; changed[element] = value; lastError = "0"; return "true";
    },
    LMSCommit: function (arg) {
      if (state !== "running") { return fail("301"); }
      lastError = "0"; send("commit"); return "true";
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return errors[String(code)] || ""; },
    LMSGetDiagnostic: function (code) { return errors[String(code || lastError)] || ""; }
  };
  window.addEventListener("pagehide", function () {
    if (state === "running" && Object.keys(changed).length) { send("commit"); }
  });
})();
