// The drawing pad: draw with pointer events, send the drawing to POST /predict while it
// grows, show the answer. At most one request is in flight; when it returns, the latest
// drawing (if it changed meanwhile) is sent next, so the answer follows the pen.
"use strict";

const pad = document.getElementById("pad");
const ink = pad.getContext("2d");
const digitOut = document.getElementById("digit");
const seen = document.getElementById("seen");
const message = document.getElementById("message");
const upload = document.getElementById("upload");
const bars = makeBars(document.getElementById("probabilities"));

// MNIST strokes are 2 to 3 pixels of its 28, for a digit about 20 pixels tall: a tenth of
// the pad, for a digit drawn across most of it.
const BRUSH = pad.width / 10;

let drawn = 0; // version of the pad: grows with every change
let sent = 0; // version last sent
let generation = 0; // grows on Clear and upload: answers for older drawings are dropped
let sending = false;
let stroke = null; // {id, x, y} of the pointer drawing now

function makeBars(list) {
  const rows = [];
  for (let digit = 0; digit < 10; digit += 1) {
    const item = document.createElement("li");
    const label = document.createElement("span");
    const track = document.createElement("span");
    const fill = document.createElement("span");
    const value = document.createElement("span");
    label.className = "label";
    label.textContent = String(digit);
    track.className = "track";
    fill.className = "fill";
    value.className = "value";
    track.append(fill);
    item.append(label, track, value);
    list.append(item);
    rows.push({ item, fill, value });
  }
  return rows;
}

function blank() {
  ink.fillStyle = "#fff";
  ink.fillRect(0, 0, pad.width, pad.height);
  ink.fillStyle = "#000";
  ink.strokeStyle = "#000";
  ink.lineWidth = BRUSH;
  ink.lineCap = "round";
  ink.lineJoin = "round";
}

function point(event) {
  const box = pad.getBoundingClientRect();
  return {
    x: ((event.clientX - box.left) * pad.width) / box.width,
    y: ((event.clientY - box.top) * pad.height) / box.height,
  };
}

pad.addEventListener("pointerdown", (event) => {
  if (stroke !== null || event.button !== 0) return;
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  const at = point(event);
  stroke = { id: event.pointerId, ...at };
  ink.beginPath();
  ink.arc(at.x, at.y, BRUSH / 2, 0, 2 * Math.PI);
  ink.fill();
  changed();
});

pad.addEventListener("pointermove", (event) => {
  if (stroke === null || event.pointerId !== stroke.id) return;
  // A fast pen moves further between frames than one event says; draw every sample.
  const samples = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  ink.beginPath();
  ink.moveTo(stroke.x, stroke.y);
  for (const sample of samples.length ? samples : [event]) {
    const at = point(sample);
    ink.lineTo(at.x, at.y);
    stroke.x = at.x;
    stroke.y = at.y;
  }
  ink.stroke();
  changed();
});

for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) {
  pad.addEventListener(type, (event) => {
    if (stroke !== null && event.pointerId === stroke.id) stroke = null;
  });
}

function changed() {
  drawn += 1;
  pad.dataset.drawn = String(drawn);
  sendDrawing();
}

// The drawing's PNG, made at once. canvas.toBlob would be the usual way, but its callback
// can come a second late in headless Chromium, and the answer would lag the pen.
function drawingPng() {
  const url = pad.toDataURL("image/png");
  const text = atob(url.slice(url.indexOf(",") + 1));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type: "image/png" });
}

async function sendDrawing() {
  if (sending || sent === drawn) return;
  sending = true;
  const version = drawn;
  const current = generation;
  sent = version;
  try {
    const answer = await ask(drawingPng(), "image/png", "drawing.png");
    if (current === generation) show(answer, version);
  } catch (error) {
    if (current === generation) showError(error.message, version);
  } finally {
    sending = false;
  }
  sendDrawing(); // whatever was drawn while we waited
}

async function ask(body, type, name) {
  let response;
  try {
    response = await fetch(`predict?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { "Content-Type": type },
      body,
    });
  } catch (error) {
    throw new Error(`cannot reach the server (${error.message})`);
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch (error) {
    // not JSON: a proxy's error page, say; the status line is all we have
  }
  if (!response.ok || answer === null) {
    throw new Error(answer?.error ?? `the server answered ${response.status}`);
  }
  return answer;
}

function show(answer, version) {
  digitOut.textContent = String(answer.digit);
  answer.probabilities.forEach((p, digit) => {
    const row = bars[digit];
    row.fill.style.width = `${(100 * p).toFixed(1)}%`;
    row.value.textContent = `${(100 * p).toFixed(1)}%`;
    row.item.classList.toggle("top", digit === answer.digit);
  });
  seen.src = answer.image;
  seen.hidden = false;
  message.textContent = "";
  message.classList.remove("error");
  shownVersion(version);
}

function emptyAnswer() {
  digitOut.textContent = "";
  for (const row of bars) {
    row.fill.style.width = "0%";
    row.value.textContent = "";
    row.item.classList.remove("top");
  }
  seen.hidden = true;
  seen.removeAttribute("src");
}

function showError(text, version) {
  emptyAnswer();
  message.textContent = text;
  message.classList.add("error");
  shownVersion(version);
}

function shownVersion(version) {
  pad.dataset.shown = String(version);
}

function clearAll() {
  generation += 1;
  blank();
  drawn += 1;
  sent = drawn;
  pad.dataset.drawn = String(drawn);
  emptyAnswer();
  message.textContent = "";
  message.classList.remove("error");
  shownVersion(drawn);
}

document.getElementById("clear").addEventListener("click", () => {
  upload.value = "";
  clearAll();
});

upload.addEventListener("change", async () => {
  const file = upload.files[0];
  if (!file) return;
  clearAll();
  const current = generation;
  const version = drawn;
  message.textContent = `Reading ${file.name}\u2026`;
  try {
    const answer = await ask(file, file.type || "application/octet-stream", file.name);
    if (current === generation && version === drawn) {
      show(answer, version);
      message.textContent = `Read from ${file.name}`;
    }
  } catch (error) {
    if (current === generation && version === drawn) showError(error.message, version);
  }
});

clearAll();
