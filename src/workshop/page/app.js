// The phone page of a canteen workshop: join with the code, then vote on each decision.
// The room's state is pushed as server-sent events (/events); only when a stream cannot be
// kept open does the page poll /state. Each update changes the page in place: the option
// buttons are made once and reused, so focus and a screen reader's place are kept.
"use strict";
const $ = (id) => document.getElementById(id);
let current = null;
let yourVote = null;
let stream = null;
let poller = null;
let retryJoin = null;
let streamResting = false;

async function call(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  const wait = parseInt(response.headers.get("Retry-After") || "", 10);
  return { status: response.status, data, wait: Number.isFinite(wait) ? wait : 0 };
}

// Sets text only when it changes, so live regions announce only news.
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}

function showJoin(message) {
  setHidden($("join"), false);
  setHidden($("question"), true);
  setText($("status"), "Enter the join code shown on the screen.");
  setText($("join-error"), message || "");
}

// One button per option, made once; later updates only change what differs.
function optionButton(i) {
  const box = $("options");
  while (box.children.length <= i) {
    const index = box.children.length;
    const button = document.createElement("button");
    button.type = "button";
    const letter = document.createElement("span");
    letter.className = "letter";
    const text = document.createElement("span");
    text.className = "text";
    const count = document.createElement("span");
    count.className = "count";
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.hidden = true;
    button.append(letter, text, count, bar);
    button.addEventListener("click", () => vote(index));
    box.append(button);
  }
  return box.children[i];
}

function render(state) {
  if (!current || current.decision !== state.decision) yourVote = null;
  if (state.your_vote !== undefined) yourVote = state.your_vote;
  // The phone's own vote is kept apart: later pushes are the room's, the same for all.
  delete state.your_vote;
  current = state;
  setHidden($("join"), true);
  setText($("title"), state.title || "canteen workshop");
  const words = {
    waiting: "Waiting for the next question…",
    open: "Voting is open. Tap an option; you can change your vote until voting closes.",
    closed: "Voting has closed. Look at the screen.",
    revealed: "The room's votes:",
    ended: "The workshop has ended. Thank you for taking part.",
  };
  setText($("status"), words[state.status] || "");
  const showQuestion = Boolean(state.prompt) && state.status !== "ended";
  setHidden($("question"), !showQuestion);
  if (!showQuestion) return;
  setText($("prompt"), state.prompt);
  const total = (state.tally || []).reduce((a, b) => a + b, 0);
  state.options.forEach((option, i) => {
    const button = optionButton(i);
    const [letter, text, count, bar] = button.children;
    // aria-disabled, not disabled: a disabled button loses focus, and the reader its place.
    const disabled = state.status !== "open" ? "true" : "false";
    if (button.getAttribute("aria-disabled") !== disabled) button.setAttribute("aria-disabled", disabled);
    const pressed = yourVote === i ? "true" : "false";
    if (button.getAttribute("aria-pressed") !== pressed) button.setAttribute("aria-pressed", pressed);
    setText(letter, option.letter);
    setText(text, option.text);
    const n = state.tally ? state.tally[i] || 0 : null;
    setText(count, n === null ? "" : ` (${n} vote${n === 1 ? "" : "s"})`);
    setHidden(bar, n === null);
    const widthNow = n && total ? `${Math.round((100 * n) / total)}%` : "0";
    if (bar.style.width !== widthNow) bar.style.width = widthNow;
  });
  const box = $("options");
  while (box.children.length > state.options.length) box.lastElementChild.remove();
  setText($("note"), yourVote === null || yourVote === undefined || !state.options[yourVote]
    ? "" : `Your vote: ${state.options[yourVote].letter}.`);
}

async function refresh() {
  try {
    const { status, data } = await call("GET", "/state");
    if (status === 401) { showJoin(); return false; }
    if (status === 200) {
      render(data);
      if (!stream && !streamResting) follow();
      return true;
    }
  } catch (e) {
    setText($("status"), "Lost connection; trying again…");
  }
  return false;
}

// Polling, only while no event stream is open.
function poll() {
  if (poller === null) poller = setInterval(refresh, 2000);
}

function follow() {
  if (stream) return;
  if (typeof EventSource === "undefined") { poll(); return; }
  stream = new EventSource("/events");
  document.body.dataset.transport = "connecting";
  stream.onopen = () => {
    document.body.dataset.transport = "events";
    if (poller !== null) { clearInterval(poller); poller = null; }
  };
  stream.onmessage = (event) => {
    try { render(JSON.parse(event.data)); } catch (e) { /* a damaged event: wait for the next */ }
  };
  stream.onerror = () => {
    // The browser reconnects by itself; if it has given up, poll and try again later.
    if (stream.readyState === EventSource.CLOSED) {
      stream = null;
      streamResting = true;
      document.body.dataset.transport = "polling";
      poll();
      setTimeout(() => { streamResting = false; follow(); }, 10000);
    }
  };
}

async function vote(option) {
  if (!current || current.status !== "open") return;
  const { status, data } = await call("POST", "/vote", { decision: current.decision, option });
  if (status === 200) {
    yourVote = data.your_vote;
    setText($("note"), "");
    render(current);
  } else {
    setText($("note"), data.error || "Your vote was not counted.");
  }
}

async function join() {
  if (retryJoin !== null) { clearTimeout(retryJoin); retryJoin = null; }
  const { status, data, wait } = await call("POST", "/join", { code: $("code").value.trim() });
  if (status === 200) {
    await refresh();
  } else if (status === 429 && wait > 0) {
    // Busy or throttled: say so, and try again by itself when the server says.
    showJoin(data.error || `Please wait ${wait} seconds.`);
    retryJoin = setTimeout(join, wait * 1000);
  } else {
    showJoin(data.error || "Could not join.");
  }
}

$("join").addEventListener("submit", (event) => {
  event.preventDefault();
  join();
});

const fromLink = new URLSearchParams(window.location.search).get("code");
if (fromLink) $("code").value = fromLink;
refresh().then((joined) => {
  if (joined) return;
  if (!$("join").hidden) { if (fromLink) $("join").requestSubmit(); } else poll();
});
