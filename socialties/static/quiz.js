/* Self-checks on the book's static pages: no kernel, no libraries, nothing loaded from anywhere.
 *
 * On page load, every element with class "st-quiz" (written by socialties/exercises/static.py) becomes a working
 * question: multiple-choice and numeric answers are checked here against the answer key in the element's
 * data-key attribute. The key is obfuscated, not encrypted: this deters peeking, it is not secrecy (anyone reading
 * this file can decode it). Reflections are kept with the progress. Every "st-progress" element shows the progress
 * of its assignment, with buttons to download it as a JSON file and load it again; the same file format is read by
 * ex.load_progress() in a live notebook. Progress is also kept in this browser (localStorage) when allowed.
 * Feedback is text (textContent), never HTML built from what the student typed.
 */
(function () {
  "use strict";

  var FORMAT = "socialties-progress";
  var VERSION = 1;
  var STATUSES = ["correct", "partial", "incorrect", "invalid", "unanswered", "ungraded"];
  var LABELS = {
    correct: ["\u2714", "Correct"],
    partial: ["\u25d1", "Partly right"],
    incorrect: ["\u2718", "Not yet"],
    invalid: ["\u26a0", "Check the form of your answer"],
    unanswered: ["\u2013", "Not answered"],
    ungraded: ["\u270e", "Saved"]
  };
  var DONE = {correct: true, partial: true, incorrect: true, ungraded: true};
  var stores = {};   // assignment -> progress object (the JSON file's structure)
  var quizzes = [];  // initialised question records

  // ---------------------------------------------------------------- key decoding (mirror of obfuscate.py)

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function fnv1a32(text) {
    var bytes = utf8(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function keystream(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), a | 1) >>> 0;
      t = (((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0) ^ t) >>> 0;
      return ((t ^ (t >>> 14)) >>> 0) & 0xff;
    };
  }

  function decodeKey(token, assignment, qid) {
    var binary = atob(token);
    var next = keystream(fnv1a32("socialties|" + assignment + "|" + qid));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i) ^ next();
    }
    return JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(bytes));
  }

  // ---------------------------------------------------------------- checks (mirror of questions.py)

  function parseNumber(text, units) {
    if (text.length > 2000) {
      return {value: null, message: "That is far too long to be a number."};
    }
    var s = text.trim().replace(/\u2212/g, "-").replace(/[\u2009 ]/g, "");
    if (!s) {
      return {value: null, message: "Type a number.", empty: true};
    }
    var unit = (units || "").replace(/ /g, "");
    if (unit && unit !== "%" && s.toLowerCase().endsWith(unit.toLowerCase())) {
      s = s.slice(0, s.length - unit.length);
    }
    var percent = s.endsWith("%");
    if (percent) {
      s = s.slice(0, -1);
    }
    if (/^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$/.test(s)) {
      s = s.replace(/,/g, "");
    } else if ((s.match(/,/g) || []).length === 1 && s.indexOf(".") < 0) {
      s = s.replace(",", ".");
    }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
      return {value: null, message: "Type a number only, such as 0.25 or -3.1 (digits, a point, an optional sign)."};
    }
    var value = parseFloat(s);
    if (!isFinite(value)) {
      return {value: null, message: "This number is too large to be the answer: check the calculation."};
    }
    if (percent && unit !== "%") {
      value /= 100;
    }
    return {value: value, message: ""};
  }

  function checkNumeric(key, text) {
    var parsed = parseNumber(text, key.units);
    if (parsed.value === null) {
      return {status: parsed.empty ? "unanswered" : "invalid", score: 0, message: parsed.message};
    }
    var x = parsed.value;
    var close = function (v, factor) {
      return Math.abs(v - key.answer) <= key.tolerance * (factor || 1);
    };
    if (close(x)) {
      return {status: "correct", score: 1, message: "Your answer is within the tolerance."};
    }
    var m = key.messages;
    var hint = m.none;
    if (key.hints) {
      if (key.answer !== 0 && close(-x)) {
        hint = m.sign;
      } else if (key.answer !== 0 && close(x / 100)) {
        hint = m.percent;
      } else if (key.answer !== 0 && close(x * 100)) {
        hint = m.proportion;
      } else if (key.answer !== 0 && (close(x / 10) || close(x * 10))) {
        hint = m.ten;
      } else if (close(x, 10)) {
        hint = m.rounding;
      }
    }
    return {status: "incorrect", score: 0, message: hint};
  }

  function checkChoice(key, chosen) {
    if (chosen.length === 0) {
      return {status: "unanswered", score: 0, message: "Choose an option."};
    }
    var right = key.correct;
    var notes = [];
    chosen.forEach(function (letter) {
      if (key.feedback[letter]) {
        notes.push(key.multiple ? "(" + letter + ") " + key.feedback[letter] : key.feedback[letter]);
      }
    });
    if (!key.multiple) {
      var ok = right.indexOf(chosen[0]) >= 0;
      var fallback = ok ? "Correct." : "Think again and try another option.";
      return {status: ok ? "correct" : "incorrect", score: ok ? 1 : 0, message: notes[0] || fallback};
    }
    var hits = chosen.filter(function (l) { return right.indexOf(l) >= 0; }).length;
    var wrong = chosen.length - hits;
    if (hits === right.length && wrong === 0) {
      return {status: "correct", score: 1, message: notes.join(" ") || "Correct."};
    }
    var score = Math.max(0, (hits - wrong) / right.length);
    var summary = [];
    if (wrong) {
      summary.push(wrong + " of your choices " + (wrong === 1 ? "is" : "are") + " not right.");
    }
    if (hits < right.length) {
      summary.push("At least one correct option is missing.");
    }
    return {status: score > 0 ? "partial" : "incorrect", score: score, message: summary.concat(notes).join(" ")};
  }

  // ---------------------------------------------------------------- progress storage

  function emptyProgress(assignment) {
    return {format: FORMAT, version: VERSION, assignment: assignment, questions: {}};
  }

  function storageKey(assignment) {
    return "socialties-progress:" + assignment;
  }

  function loadStored(assignment) {
    if (stores[assignment]) {
      return stores[assignment];
    }
    var progress = emptyProgress(assignment);
    try {
      var text = window.localStorage.getItem(storageKey(assignment));
      if (text) {
        progress = validate(JSON.parse(text), assignment);
      }
    } catch (err) {
      progress = emptyProgress(assignment);  // storage disabled or stale: start afresh
    }
    stores[assignment] = progress;
    return progress;
  }

  function persist(assignment) {
    try {
      window.localStorage.setItem(storageKey(assignment), JSON.stringify(stores[assignment]));
    } catch (err) {
      // Storage can be disabled (private windows, file://): progress then lasts as long as the page.
    }
  }

  function entry(assignment, qid) {
    var questions = loadStored(assignment).questions;
    if (!questions[qid]) {
      questions[qid] = {attempts: 0, status: "unanswered", score: 0, answer: null};
    }
    return questions[qid];
  }

  function ProgressError(message) {
    this.message = message;
  }

  function validate(data, assignment) {
    if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== FORMAT) {
      throw new ProgressError("This JSON file is not a socialties progress file.");
    }
    if (data.version !== VERSION) {
      throw new ProgressError("This progress file has version " + String(data.version) + "; this course reads version "
        + VERSION + ".");
    }
    if (data.assignment !== assignment) {
      throw new ProgressError("This progress file is for \"" + String(data.assignment).slice(0, 80) + "\", not for \""
        + assignment + "\": load it on that page instead.");
    }
    var questions = data.questions;
    if (!questions || typeof questions !== "object" || Array.isArray(questions)) {
      throw new ProgressError("The progress file has no \"questions\" table.");
    }
    var clean = emptyProgress(assignment);
    Object.keys(questions).forEach(function (qid) {
      var e = questions[qid];
      if (!e || typeof e !== "object" || Array.isArray(e)) {
        throw new ProgressError("The entry for " + qid.slice(0, 40) + " is not a table of attempts/status/score/answer.");
      }
      if (typeof e.attempts !== "number" || !(e.attempts >= 0) || Math.floor(e.attempts) !== e.attempts) {
        throw new ProgressError("The entry for " + qid.slice(0, 40) + " has an invalid number of attempts.");
      }
      if (STATUSES.indexOf(e.status) < 0) {
        throw new ProgressError("The entry for " + qid.slice(0, 40) + " has an unknown status.");
      }
      if (typeof e.score !== "number" || !(e.score >= 0 && e.score <= 1)) {
        throw new ProgressError("The entry for " + qid.slice(0, 40) + " has a score outside 0..1.");
      }
      var a = e.answer;
      var okAnswer = a === null || a === undefined || typeof a === "string" || typeof a === "number"
        || (Array.isArray(a) && a.every(function (x) { return typeof x === "string"; }));
      if (!okAnswer) {
        throw new ProgressError("The entry for " + qid.slice(0, 40) + " has an answer that is not text.");
      }
      clean.questions[qid] = {attempts: e.attempts, status: e.status, score: e.score,
        answer: a === undefined ? null : a};
    });
    return clean;
  }

  // ---------------------------------------------------------------- questions on the page

  function showFeedback(q, result, fromSaved) {
    var region = q.feedback;
    var label = LABELS[result.status] || ["?", result.status];
    region.textContent = "";
    var strong = document.createElement("strong");
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = label[0] + " ";
    strong.appendChild(icon);
    strong.appendChild(document.createTextNode(label[1] + "."));
    region.appendChild(strong);
    var text = fromSaved ? "(from your saved progress)" : result.message;
    region.appendChild(document.createTextNode(" " + text));
    STATUSES.forEach(function (s) { q.root.classList.remove("st-status-" + s); });
    q.root.classList.add("st-status-" + result.status);
    if (result.status === "correct" && q.key && q.key.explanation) {
      var details = document.createElement("details");
      details.className = "st-explanation";
      var summary = document.createElement("summary");
      summary.textContent = "Explanation";
      details.appendChild(summary);
      var body = document.createElement("div");
      body.innerHTML = q.key.explanation;  // written by the course (rendered from its Markdown), never by a student
      details.appendChild(body);
      region.appendChild(details);
    }
  }

  function showAttempts(q) {
    var n = entry(q.assignment, q.qid).attempts;
    q.attempts.textContent = n ? "Attempts: " + n : "";
  }

  function currentAnswer(q) {
    if (q.kind === "multiple_choice") {
      var chosen = [];
      q.root.querySelectorAll(".st-option input").forEach(function (input) {
        if (input.checked) {
          chosen.push(input.value);
        }
      });
      return chosen;
    }
    return q.input ? q.input.value : "";
  }

  // Student edition: the key is on the instructor's side; only the form is checked (mirror of forms.py).
  function checkSaved(key, answer) {
    var later = " It is graded when you hand in the notebook.";
    if (key.kind === "multiple_choice") {
      if (answer.length === 0) {
        return {status: "unanswered", score: 0, message: "Choose an option."};
      }
      return {status: "ungraded", score: 0, message: "Saved: " + answer.map(function (letter) {
        return "(" + letter + ")";
      }).join(", ") + "." + later};
    }
    var parsed = parseNumber(answer, key.units);
    if (parsed.value === null) {
      return {status: parsed.empty ? "unanswered" : "invalid", score: 0, message: parsed.message};
    }
    return {status: "ungraded", score: 0, message: "Saved: a number." + later};
  }

  function check(q) {
    var answer = currentAnswer(q);
    var result;
    if (q.key && q.key.hidden) {
      result = checkSaved(q.key, answer);
    } else if (q.kind === "multiple_choice") {
      result = checkChoice(q.key, answer);
    } else if (q.kind === "numeric") {
      result = checkNumeric(q.key, answer);
    } else {
      var words = answer.trim() ? answer.trim().split(/\s+/).length : 0;
      result = words
        ? {status: "ungraded", score: 0, message: "Saved (" + words + " words). Reflections are not graded; they are "
          + "kept with your progress."}
        : {status: "unanswered", score: 0, message: "Write a few sentences."};
    }
    var e = entry(q.assignment, q.qid);
    if (result.status !== "unanswered" && result.status !== "invalid") {
      e.attempts += 1;
    }
    e.status = result.status;
    e.score = result.score;
    e.answer = q.kind === "multiple_choice" && !q.key.multiple ? (answer[0] || null) : answer;
    persist(q.assignment);
    showFeedback(q, result, false);
    showAttempts(q);
    refreshPanels(q.assignment);
    return result;
  }

  function restore(q) {
    var e = entry(q.assignment, q.qid);
    var a = e.answer;
    if (q.kind === "multiple_choice") {
      var chosen = Array.isArray(a) ? a : (typeof a === "string" ? [a] : []);
      q.root.querySelectorAll(".st-option input").forEach(function (input) {
        input.checked = chosen.indexOf(input.value) >= 0;
      });
    } else if (q.input) {
      q.input.value = a === null || a === undefined ? "" : String(a);
    }
    if (e.status !== "unanswered") {
      showFeedback(q, {status: e.status, score: e.score, message: ""}, true);
    } else {
      q.feedback.textContent = "";
    }
    showAttempts(q);
  }

  function initQuiz(root) {
    if (root.getAttribute("data-st-ready")) {
      return;
    }
    root.setAttribute("data-st-ready", "1");
    var q = {
      root: root,
      assignment: root.getAttribute("data-assignment") || "",
      qid: root.getAttribute("data-qid") || "",
      kind: root.getAttribute("data-kind") || "",
      input: root.querySelector(".st-input"),
      button: root.querySelector(".st-check"),
      feedback: root.querySelector(".st-feedback"),
      attempts: root.querySelector(".st-attempts"),
      key: null
    };
    if (!q.button || !q.feedback) {
      return;  // code questions: nothing to check on the page
    }
    if (q.kind === "multiple_choice" || q.kind === "numeric") {
      try {
        q.key = decodeKey(root.getAttribute("data-key") || "", q.assignment, q.qid);
      } catch (err) {
        q.feedback.textContent = "This self-check could not be loaded on this page; run the notebook live to check it.";
        return;
      }
    }
    q.button.disabled = false;
    q.button.addEventListener("click", function () { check(q); });
    if (q.input && q.kind === "numeric") {
      q.input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          check(q);
        }
      });
    }
    quizzes.push(q);
    restore(q);
  }

  // ---------------------------------------------------------------- progress panels

  function panelMessage(panel, text, warning) {
    var region = panel.querySelector(".st-progress-message");
    region.textContent = (warning ? "\u26a0 " : "") + text;
  }

  function renderPanel(panel) {
    var assignment = panel.getAttribute("data-assignment") || "";
    var qids = (panel.getAttribute("data-qids") || "").split(/\s+/).filter(Boolean);
    var progress = loadStored(assignment);
    var answered = 0;
    var correct = 0;
    qids.forEach(function (qid) {
      var e = progress.questions[qid];
      if (e && DONE[e.status]) { answered += 1; }
      if (e && e.status === "correct") { correct += 1; }
    });
    panel.querySelector(".st-progress-summary").textContent = (panel.getAttribute("data-title") || assignment) + ": "
      + answered + " of " + qids.length + " answered, " + correct + " correct.";
    var tbody = panel.querySelector("tbody");
    tbody.textContent = "";
    qids.forEach(function (qid) {
      var e = progress.questions[qid] || {attempts: 0, status: "unanswered"};
      var label = LABELS[e.status] || ["?", e.status];
      var row = document.createElement("tr");
      [qid, String(e.attempts), label[0] + " " + label[1]].forEach(function (text) {
        var cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      row.lastChild.className = "st-status-" + e.status;
      tbody.appendChild(row);
    });
  }

  function refreshPanels(assignment) {
    document.querySelectorAll(".st-progress[data-st-ready]").forEach(function (panel) {
      if (panel.getAttribute("data-assignment") === assignment) {
        renderPanel(panel);
      }
    });
  }

  function download(assignment) {
    var blob = new Blob([JSON.stringify(loadStored(assignment), null, 1) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "progress-" + assignment + ".json";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 0);
  }

  function loadFile(panel, file) {
    var assignment = panel.getAttribute("data-assignment") || "";
    if (file.size > 2000000) {
      panelMessage(panel, "The progress was not loaded: the file is too large to be a progress file.", true);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try {
        data = validate(JSON.parse(String(reader.result)), assignment);
      } catch (err) {
        var why = err instanceof ProgressError ? err.message : "it is not valid JSON.";
        panelMessage(panel, "The progress was not loaded: " + why, true);
        return;
      }
      stores[assignment] = data;
      persist(assignment);
      quizzes.forEach(function (q) {
        if (q.assignment === assignment) { restore(q); }
      });
      refreshPanels(assignment);
      panelMessage(panel, "Progress loaded from " + file.name + ".", false);
    };
    reader.onerror = function () {
      panelMessage(panel, "The progress was not loaded: the file could not be read.", true);
    };
    reader.readAsText(file);
  }

  function initPanel(panel) {
    if (panel.getAttribute("data-st-ready")) {
      return;
    }
    panel.setAttribute("data-st-ready", "1");
    var assignment = panel.getAttribute("data-assignment") || "";
    var id = panel.id || ("st-progress-" + assignment);
    panel.textContent = "";
    var summary = document.createElement("p");
    summary.className = "st-progress-summary";
    panel.appendChild(summary);
    var table = document.createElement("table");
    var head = document.createElement("thead");
    var headRow = document.createElement("tr");
    ["Question", "Attempts", "Status"].forEach(function (text) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    table.appendChild(document.createElement("tbody"));
    panel.appendChild(table);
    var actions = document.createElement("div");
    actions.className = "st-actions";
    var save = document.createElement("button");
    save.type = "button";
    save.className = "st-progress-download";
    save.textContent = "Download progress (JSON)";
    save.addEventListener("click", function () { download(assignment); });
    var fileLabel = document.createElement("label");
    fileLabel.setAttribute("for", id + "-file");
    fileLabel.textContent = "Load a progress file: ";
    var file = document.createElement("input");
    file.type = "file";
    file.id = id + "-file";
    file.accept = ".json,application/json";
    file.className = "st-progress-file";
    file.addEventListener("change", function () {
      if (file.files && file.files[0]) { loadFile(panel, file.files[0]); }
      file.value = "";
    });
    actions.appendChild(save);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(fileLabel);
    actions.appendChild(file);
    panel.appendChild(actions);
    var message = document.createElement("p");
    message.className = "st-progress-message";
    message.setAttribute("role", "status");
    message.setAttribute("aria-live", "polite");
    panel.appendChild(message);
    renderPanel(panel);
  }

  function init() {
    document.querySelectorAll(".st-quiz").forEach(initQuiz);
    document.querySelectorAll(".st-progress").forEach(initPanel);
  }

  // Exposed for tests and for pages that add questions after load.
  window.socialtiesQuiz = {init: init, decodeKey: decodeKey, parseNumber: parseNumber};

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
