// The drawing pad's parts shared by the served page (app.js) and the notebook widget
// (widget.js): the canvas drawn on with pointer events (mouse, pen, touch), read while it
// grows, and the answer's display (the digit, ten bars, the 28x28 the model saw).
//
// An answer is {digit, probabilities, image}: the digit 0-9, its ten probabilities and the
// 28x28 as a PNG data URL; or {digit: null} for nothing drawn; or {error: "one line"}.

// MNIST strokes are 2 to 3 pixels of its 28, for a digit about 20 pixels tall: a tenth of
// the pad, for a digit drawn across most of it.
const BRUSH_FRACTION = 1 / 10;
const DIGITS = 10;

/**
 * Make `canvas` a drawing pad. Every change is read with `read(png)`, a Promise of an
 * answer (png: the drawing's PNG bytes, or null when nothing is drawn), and its answer goes
 * to `show(answer)`. At most one reading is in flight; when it returns, the latest drawing
 * (if it changed meanwhile) is read next, so the answer follows the pen. Answers for
 * drawings made before a clear() are dropped.
 *
 * `canvas.dataset.drawn` counts the pad's changes and `canvas.dataset.shown` says which
 * change the answer shown belongs to, for tests to wait on.
 *
 * With `readCleared`, clearing the pad is read too (as null), for a reader that keeps
 * state of its own (the notebook's kernel); otherwise clearing only empties the answer.
 */
export function createPad(canvas, { read, show, readCleared = false }) {
  const ink = canvas.getContext("2d");
  const brush = canvas.width * BRUSH_FRACTION;
  let drawn = 0; // version of the pad: grows with every change
  let sent = 0; // version last read
  let generation = 0; // grows on clear(): answers for older drawings are dropped
  let reading = false;
  let inked = false; // anything drawn since the last clear()
  let stroke = null; // {id, x, y} of the pointer drawing now

  function blank() {
    ink.fillStyle = "#fff";
    ink.fillRect(0, 0, canvas.width, canvas.height);
    ink.fillStyle = "#000";
    ink.strokeStyle = "#000";
    ink.lineWidth = brush;
    ink.lineCap = "round";
    ink.lineJoin = "round";
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * canvas.width) / box.width,
      y: ((event.clientY - box.top) * canvas.height) / box.height,
    };
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (stroke !== null || event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const at = point(event);
    stroke = { id: event.pointerId, ...at };
    ink.beginPath();
    ink.arc(at.x, at.y, brush / 2, 0, 2 * Math.PI);
    ink.fill();
    inked = true;
    changed();
  });

  canvas.addEventListener("pointermove", (event) => {
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
    canvas.addEventListener(type, (event) => {
      if (stroke !== null && event.pointerId === stroke.id) stroke = null;
    });
  }

  function changed() {
    drawn += 1;
    canvas.dataset.drawn = String(drawn);
    readLatest();
  }

  // The drawing's PNG, made at once. canvas.toBlob would be the usual way, but its callback
  // can come a second late in headless Chromium, and the answer would lag the pen.
  function png() {
    const url = canvas.toDataURL("image/png");
    const text = atob(url.slice(url.indexOf(",") + 1));
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  async function readLatest() {
    if (reading || sent === drawn) return;
    reading = true;
    const version = drawn;
    const current = generation;
    sent = version;
    let answer;
    try {
      answer = await read(inked ? png() : null);
    } catch (error) {
      answer = { error: error.message };
    } finally {
      reading = false;
    }
    if (current === generation) shown(answer, version);
    readLatest(); // whatever was drawn while we waited
  }

  function shown(answer, version) {
    show(answer);
    canvas.dataset.shown = String(version);
  }

  function wipe() {
    generation += 1;
    blank();
    inked = false;
    stroke = null; // a pointer still down draws again only once it is lifted and put down
    drawn += 1;
    canvas.dataset.drawn = String(drawn);
    shown({ digit: null }, drawn);
  }

  /** Wipe the pad and its answer; returns the pad's version from now on. */
  function clear() {
    wipe();
    if (readCleared) readLatest();
    else sent = drawn;
    return drawn;
  }

  wipe();
  sent = drawn; // a new pad is empty: nothing to read yet
  return {
    clear,
    /** Show an answer that came another way (an uploaded photo) for pad version `version`,
     * unless the pad changed since; says whether it did. */
    showFor(answer, version) {
      if (version !== drawn) return false;
      shown(answer, version);
      return true;
    },
  };
}

/**
 * The answer's display in existing elements: `digit` (its text is the digit), `seen` (an
 * <img> for the 28x28), `message` (one line; class "error" for errors) and `probabilities`
 * (an empty list that gets ten rows: label, bar, percentage; the top one has class "top").
 * Returns show(answer) and say(text).
 */
export function createAnswer({ digit, seen, message, probabilities }) {
  const rows = [];
  for (let label = 0; label < DIGITS; label += 1) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    const track = document.createElement("span");
    const fill = document.createElement("span");
    const value = document.createElement("span");
    name.className = "label";
    name.textContent = String(label);
    track.className = "track";
    fill.className = "fill";
    value.className = "value";
    track.append(fill);
    item.append(name, track, value);
    probabilities.append(item);
    rows.push({ item, fill, value });
  }

  function say(text, isError = false) {
    message.textContent = text;
    message.classList.toggle("error", isError);
  }

  function show(answer) {
    const read = answer.digit !== null && answer.digit !== undefined;
    digit.textContent = read ? String(answer.digit) : "";
    rows.forEach((row, label) => {
      const percent = read ? `${(100 * answer.probabilities[label]).toFixed(1)}%` : "";
      row.fill.style.width = read ? percent : "0%";
      row.value.textContent = percent;
      row.item.classList.toggle("top", read && label === answer.digit);
    });
    if (read) {
      seen.src = answer.image;
    } else {
      seen.removeAttribute("src");
    }
    seen.hidden = !read;
    say(answer.error ?? "", Boolean(answer.error));
  }

  return { show, say };
}
