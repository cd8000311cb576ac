// The notebook's drawing pad (digits.DrawingPad): the pad of pad.js, read by the kernel.
// Each drawing goes to the kernel as PNG bytes in a custom message; the kernel reads it
// with the model and replies with the answer (see digits/widget.py).

// A kernel busy with a long cell answers only when it is done: past this, the pad says so,
// and its next change is sent anew.
const KERNEL_TIMEOUT_MS = 30000;

const MARKUP = `
  <div class="drawing">
    <canvas width="280" height="280"
            aria-label="Drawing pad: draw one digit with a mouse, a pen or a finger"></canvas>
    <div class="tools"><button type="button" class="clear">Clear</button></div>
    <p class="message" role="status" aria-live="polite"></p>
  </div>
  <div class="answer">
    <div class="reading">
      <div class="verdict">
        <span class="caption">It reads</span>
        <output class="digit" aria-live="polite"></output>
      </div>
      <figure>
        <img class="seen" width="28" height="28" hidden
             alt="The 28 by 28 pixel image the model read">
        <figcaption>what the model saw:<br>28&times;28, as in MNIST</figcaption>
      </figure>
    </div>
    <ol class="probabilities" aria-label="Probability of each digit"></ol>
  </div>`;

// pad.js arrives as the text of the trait _pad_js: this module is itself loaded from memory,
// so it has no URL that an import of "./pad.js" could be found from. Loaded once per text.
const loaded = new Map();

function importText(source) {
  if (!loaded.has(source)) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    loaded.set(
      source,
      import(url).finally(() => URL.revokeObjectURL(url)),
    );
  }
  return loaded.get(source);
}

async function render({ model, el }) {
  const { createAnswer, createPad } = await importText(model.get("_pad_js"));
  el.classList.add("digits-pad");
  el.innerHTML = MARKUP;
  const part = (name) => el.querySelector(`.${name}`);
  const answer = createAnswer({
    digit: part("digit"),
    seen: part("seen"),
    message: part("message"),
    probabilities: part("probabilities"),
  });

  // Replies come to every view of the model: each view knows its own requests by id.
  const view = Math.random().toString(36).slice(2);
  const waiting = new Map(); // request id -> {resolve, timer}
  let requests = 0;

  function onMessage(content) {
    const request = content?.kind === "answer" ? waiting.get(content.id) : undefined;
    if (request === undefined) return;
    waiting.delete(content.id);
    clearTimeout(request.timer);
    request.resolve(content);
  }
  model.on("msg:custom", onMessage);

  function read(png) {
    requests += 1;
    const id = `${view}-${requests}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error("no answer from the kernel: is it busy with a cell, or stopped?"));
      }, KERNEL_TIMEOUT_MS);
      waiting.set(id, { resolve, timer });
      model.send({ kind: "drawing", id }, undefined, png === null ? [] : [png.buffer]);
    });
  }

  const pad = createPad(part("drawing").querySelector("canvas"), {
    read,
    show: answer.show,
    readCleared: true, // the kernel's pad.digit becomes None too
  });
  part("clear").addEventListener("click", () => pad.clear());

  return () => {
    model.off("msg:custom", onMessage);
    for (const request of waiting.values()) clearTimeout(request.timer);
    waiting.clear();
  };
}

export default { render };
