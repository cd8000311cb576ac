// The served page: the pad of pad.js, read by POST /predict; a photo can be uploaded too.
import { createAnswer, createPad } from "./pad.js";

const upload = document.getElementById("upload");
const answer = createAnswer({
  digit: document.getElementById("digit"),
  seen: document.getElementById("seen"),
  message: document.getElementById("message"),
  probabilities: document.getElementById("probabilities"),
});
const pad = createPad(document.getElementById("pad"), {
  // Nothing drawn needs no request: the answer is empty.
  read: (png) =>
    png === null ? { digit: null } : ask(new Blob([png], { type: "image/png" }), "drawing.png"),
  show: answer.show,
});

async function ask(body, name) {
  let response;
  try {
    response = await fetch(`predict?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { "Content-Type": body.type || "application/octet-stream" },
      body,
    });
  } catch (error) {
    throw new Error(`cannot reach the server (${error.message})`);
  }
  let reply = null;
  try {
    reply = await response.json();
  } catch (error) {
    // not JSON: a proxy's error page, say; the status line is all we have
  }
  if (!response.ok || reply === null) {
    throw new Error(reply?.error ?? `the server answered ${response.status}`);
  }
  return reply;
}

document.getElementById("clear").addEventListener("click", () => {
  upload.value = "";
  pad.clear();
});

upload.addEventListener("change", async () => {
  const file = upload.files[0];
  if (!file) return;
  const version = pad.clear();
  answer.say(`Reading ${file.name}\u2026`);
  try {
    if (pad.showFor(await ask(file, file.name), version)) answer.say(`Read from ${file.name}`);
  } catch (error) {
    pad.showFor({ error: error.message }, version);
  }
});
