// The phone page of a canteen workshop: join with the code, then vote on each decision.
"use strict";
const $ = (id) => document.getElementById(id);
let current = null;
let timer = null;

async function call(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  return { status: response.status, data };
}

function showJoin(message) {
  $("join").hidden = false;
  $("question").hidden = true;
  $("status").textContent = "Enter the join code shown on the screen.";
  $("join-error").textContent = message || "";
}

function render(state) {
  current = state;
  $("join").hidden = true;
  $("title").textContent = state.title || "canteen workshop";
  const words = {
    waiting: "Waiting for the next question…",
    open: "Voting is open. Tap an option; you can change your vote until voting closes.",
    closed: "Voting has closed. Look at the screen.",
    revealed: "The room's votes:",
    ended: "The workshop has ended. Thank you for taking part.",
  };
  $("status").textContent = words[state.status] || "";
  const showQuestion = state.prompt && state.status !== "ended";
  $("question").hidden = !showQuestion;
  if (!showQuestion) return;
  $("prompt").textContent = state.prompt;
  const total = (state.tally || []).reduce((a, b) => a + b, 0);
  const box = $("options");
  box.replaceChildren();
  state.options.forEach((option, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.disabled = state.status !== "open";
    button.setAttribute("aria-pressed", state.your_vote === i ? "true" : "false");
    const letter = document.createElement("span");
    letter.className = "letter";
    letter.textContent = option.letter;
    button.append(letter, document.createTextNode(option.text));
    if (state.tally) {
      const n = state.tally[i] || 0;
      const count = document.createElement("span");
      count.textContent = ` (${n} vote${n === 1 ? "" : "s"})`;
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = total ? `${Math.round((100 * n) / total)}%` : "0";
      button.append(count, bar);
    }
    button.addEventListener("click", () => vote(i));
    box.append(button);
  });
  $("note").textContent = state.your_vote === null || state.your_vote === undefined
    ? "" : `Your vote: ${state.options[state.your_vote].letter}.`;
}

async function refresh() {
  try {
    const { status, data } = await call("GET", "/state");
    if (status === 401) { showJoin(); return; }
    if (status === 200) render(data);
  } catch (e) {
    $("status").textContent = "Lost connection; trying again…";
  }
}

async function vote(option) {
  if (!current) return;
  const { status, data } = await call("POST", "/vote", { decision: current.decision, option });
  $("note").textContent = status === 200 ? "" : (data.error || "Your vote was not counted.");
  await refresh();
}

$("join").addEventListener("submit", async (event) => {
  event.preventDefault();
  const { status, data } = await call("POST", "/join", { code: $("code").value.trim() });
  if (status === 200) { await refresh(); } else { showJoin(data.error || "Could not join."); }
});

const fromLink = new URLSearchParams(window.location.search).get("code");
if (fromLink) $("code").value = fromLink;
refresh().then(() => {
  if (fromLink && !$("join").hidden) $("join").requestSubmit();
});
timer = setInterval(refresh, 1000);
