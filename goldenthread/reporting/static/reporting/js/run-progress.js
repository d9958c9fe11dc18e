// Updates the report's progress page until the file is ready, then shows the download link.
// Optional: without it the page offers "Check again", and the link works the same.
const run = document.getElementById("report-run");

function show(state) {
  const label = document.querySelector("#run-state strong");
  const message = document.getElementById("run-message");
  const bar = document.getElementById("run-progress");
  if (label) label.textContent = state.label;
  if (message) message.textContent = state.message;
  if (bar) {
    bar.value = state.percent;
    bar.textContent = `${state.percent}%`;
  }
  if (state.file_url) {
    const link = document.getElementById("run-file");
    link.href = state.file_url;
    link.textContent = `Download ${state.filename}`;
    document.getElementById("run-download").hidden = false;
    const check = document.getElementById("run-check");
    if (check) check.hidden = true;
    if (bar) bar.hidden = true;
  }
}

async function poll() {
  try {
    const response = await fetch(run.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const state = await response.json();
      show(state);
      // A failure is explained, with what to do next, by the page itself.
      if (state.status === "failed") window.location.reload();
      if (state.status === "done" || state.status === "failed") return;
    }
  } catch {
    // A dropped request: try again on the next tick.
  }
  window.setTimeout(poll, 1500);
}

if (run && document.getElementById("run-progress")) {
  window.setTimeout(poll, 1000);
}
