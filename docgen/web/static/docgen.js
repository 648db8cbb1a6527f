// docgen's page: in a browser, and as the Excel (or Word) task pane.
// No framework and no build step. Every text from the workbook goes into the page
// with textContent, never as HTML.
"use strict";

(function () {
  if (window.docgenUnsupported) { return; }
  const $ = (id) => document.getElementById(id);
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const csrf = meta("docgen-csrf");
  const token = meta("docgen-token");
  const pane = document.body.dataset.pane === "yes";
  let job = null;
  let registrants = {};
  let statusRecords = [];  // the Status view's records, for its filter

  function headers(extra) {
    const all = Object.assign({ "X-Docgen-CSRF": csrf }, extra || {});
    if (token) { all.Authorization = "Bearer " + token; }
    return all;
  }

  function withToken(url) {
    return token ? url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : url;
  }

  async function call(method, url, body, type, extra) {
    const init = { method,
      headers: headers(Object.assign(type ? { "Content-Type": type } : {}, extra || {})) };
    if (body !== undefined) { init.body = body; }
    const response = await fetch(url, init);
    const data = response.status === 204 ? {} : await response.json();
    if (!response.ok) { throw new Error(data.error || `the server answered ${response.status}`); }
    return data;
  }

  function show(id, visible) { $(id).hidden = !visible; }

  // An error is said beside the control that met it (the page's top, Merge, Preview),
  // in a live region; a workbook the server no longer holds offers to choose it again.
  function fail(message, where) {
    const box = $(where || "error");
    box.textContent = "Error: " + message;
    show(box.id, true);
    $("busy").textContent = "";
    if (/no longer on the server/.test(message)) {
      const again = element("button", "Choose the workbook again");
      again.type = "button";
      again.addEventListener("click", () => { $("file").focus(); $("file").click(); });
      box.appendChild(document.createTextNode(" "));
      box.appendChild(again);
    }
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // -- checking ------------------------------------------------------------------------

  async function upload(blob, name) {
    for (const id of ["error", "merge-error", "preview-error"]) { show(id, false); }
    show("checked", false);
    $("busy").textContent = `Checking ${name}...`;
    if (job) { call("DELETE", `/api/jobs/${job}`).catch(() => {}); job = null; }
    try {
      const data = await call("POST", "/api/jobs", blob, "application/octet-stream",
        { "X-Docgen-Filename": encodeURIComponent(name) });
      job = data.job;
      render(data);
    } catch (error) {
      fail(error.message);
    }
  }

  function render(data) {
    registrants = data.registrants;
    const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
    $("summary").textContent = `${plural(data.rows, "row")} checked: ` +
      `${plural(data.errors, "error")}, ${plural(data.warnings, "warning")}`;
    renderProblems(data.problems);
    renderDeadlines(data.deadlines);
    const select = $("preview-row");
    select.replaceChildren(element("option", "Choose a row to preview", ""));
    select.firstChild.value = "";
    for (const [row, name] of Object.entries(registrants)) {
      const option = element("option", `Row ${row}: ${name}`);
      option.value = row;
      select.appendChild(option);
    }
    $("preview").removeAttribute("src");
    // A new workbook: the status of the last one's notices no longer holds.
    statusRecords = [];
    show("status-table", false);
    show("status-error", false);
    $("status-summary").textContent = "";
    $("status-problems").replaceChildren();
    $("status-files").value = "";
    $("merged").textContent = "";
    $("merge-lines").replaceChildren();
    show("downloads", false);
    $("busy").textContent = "";
    show("checked", true);
    $("summary").focus();  // a screen reader hears the result; Tab goes on from there
  }

  // Problems as the CLI groups them: errors first; a message on more than GROUP_AFTER
  // rows shows its first ones, the rest folded under a count (opened on demand), so a
  // big workbook stays readable. The filter shows errors only, or one row's problems.
  const GROUP_AFTER = 5;
  let allProblems = [];

  function renderProblems(problems) {
    if (problems !== undefined) { allProblems = problems; }
    const box = $("problems");
    box.replaceChildren();
    const errorsOnly = $("errors-only").checked;
    const row = parseInt($("row-filter").value, 10);
    const shown = allProblems.filter((p) => (!errorsOnly || p.severity === "error") &&
      (!row || p.row === row));
    const groups = new Map();
    for (const problem of shown) {
      const key = problem.severity + "\u0000" + (problem.row > 1 ? problem.message : problem.line);
      if (!groups.has(key)) { groups.set(key, []); }
      groups.get(key).push(problem);
    }
    const order = [...groups.values()].sort((a, b) =>
      ((a[0].severity === "error" ? 0 : 1) - (b[0].severity === "error" ? 0 : 1)) ||
      (a[0].row - b[0].row));
    const list = element("ul", undefined, "lines");
    for (const group of order) {
      for (const problem of group.slice(0, GROUP_AFTER)) {
        list.appendChild(element("li", problem.line, problem.severity));
      }
      if (group.length > GROUP_AFTER) {
        const more = element("li", undefined, group[0].severity);
        const fold = element("details");
        const kind = group[0].severity;
        fold.appendChild(element("summary", `the same ${kind} on ${group.length} rows; ` +
          `${group.length - GROUP_AFTER} more`));
        const rest = element("ul", undefined, "lines");
        for (const problem of group.slice(GROUP_AFTER)) {
          rest.appendChild(element("li", problem.line, problem.severity));
        }
        fold.appendChild(rest);
        more.appendChild(fold);
        list.appendChild(more);
      }
    }
    if (!shown.length) { list.appendChild(element("li", "No problems to show.")); }
    box.appendChild(list);
  }

  function renderDeadlines(rows) {
    const body = $("deadlines").tBodies[0];
    body.replaceChildren();
    for (const item of rows) {
      const tr = document.createElement("tr");
      // Red for what still needs doing soon; an extension that ended long ago (the 2003
      // row) is history, not an alarm.
      const ended = item.status === "extension ended";
      const urgent = ended ? (item.days_left !== null && item.days_left >= -30 ? "urgent" :
        "past") : /late|today|tomorrow/.test(item.status) ? "urgent" :
        (item.days_left !== null && item.days_left <= 7 && item.days_left >= 0 ? "soon" : "");
      const pick = document.createElement("td");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "pick";
      box.dataset.row = String(item.row);
      box.dataset.ntDue = item.nt_due || "";
      box.checked = !item.status.startsWith("filed") && item.status !== "row has errors";
      box.setAttribute("aria-label", `Merge row ${item.row}`);
      box.addEventListener("change", chosenRows);
      pick.appendChild(box);
      tr.appendChild(pick);
      for (const value of [item.row, item.registrant, item.form, item.due, item.nt_due,
        item.extended_due]) {
        tr.appendChild(element("td", value === null ? "" : String(value)));
      }
      const filed = item.status.startsWith("filed");
      const status = element("td", item.status + (item.certainty === "UNCONFIRMED" && !filed ?
        " (UNCONFIRMED)" : ""), "status " + (filed ? "filed" : urgent));
      tr.appendChild(status);
      body.appendChild(tr);
    }
    chosenRows();
    icsLink();
  }

  // The rows to merge: ticked in the table (all but filed rows and rows with errors at
  // first), or those whose NT deadline falls within the days given, as of the date given.
  function picks() { return [...document.querySelectorAll("#deadlines input.pick")]; }

  function chosenRows() {
    const all = picks();
    const on = all.filter((box) => box.checked);
    $("chosen-rows").textContent = on.length === all.length ? "Every row is merged." :
      `${on.length} of ${all.length} rows are merged: ${on.map((b) => b.dataset.row).join(", ")}`;
    return on.length === all.length ? "" : on.map((b) => b.dataset.row).join(",");
  }

  function asOf() { return $("as-of").value || ""; }

  function selectDue() {
    const days = parseInt($("within").value, 10) || 0;
    const start = asOf() ? new Date(asOf() + "T00:00:00") : new Date();
    const last = new Date(start.getTime() + days * 86400000);
    for (const box of picks()) {
      const due = box.dataset.ntDue ? new Date(box.dataset.ntDue + "T00:00:00") : null;
      box.checked = due !== null && due >= new Date(start.toDateString()) && due <= last;
    }
    chosenRows();
    icsLink();
  }

  function selectAll() {
    for (const box of picks()) { box.checked = true; }
    chosenRows();
  }

  function icsLink() {
    const query = new URLSearchParams();
    if (asOf()) { query.set("today", asOf()); }
    if ($("within").value !== "") { query.set("within", $("within").value); }
    $("ics").href = withToken(`/api/jobs/${job}/deadlines.ics?${query}`);
  }

  async function reDate() {
    if (!job) { return; }
    try {
      const query = asOf() ? `?today=${encodeURIComponent(asOf())}` : "";
      const data = await call("GET", withToken(`/api/jobs/${job}/deadlines${query}`));
      renderDeadlines(data.deadlines);
    } catch (error) {
      fail(error.message);
    }
  }

  // -- merging -------------------------------------------------------------------------

  async function merge() {
    if (!job) { return; }
    const options = { combine: $("opt-combine").checked, pdf: $("opt-pdf").checked,
      edgar: $("opt-edgar").checked, unsigned: $("opt-unsigned").checked,
      drafts: $("opt-drafts").checked, rows: chosenRows() };
    if (options.rows === "" && picks().length && !picks().some((b) => b.checked)) {
      fail("no row is ticked to merge", "merge-error");
      return;
    }
    $("merge").disabled = true;
    show("merge-error", false);
    show("downloads", false);
    $("merged").textContent = "Merging...";
    const bar = $("progress");
    bar.value = 0;
    show("progress", true);
    try {
      await call("POST", `/api/jobs/${job}/merge`, JSON.stringify(options), "application/json");
      let state;
      for (;;) {
        state = await call("GET", `/api/jobs/${job}?wait=0.5`);
        if (state.total) { bar.max = state.total; bar.value = state.done; }
        if (state.status !== "merging") { break; }
      }
      if (state.status === "failed") { throw new Error(state.error); }
      $("merged").textContent = state.summary;
      const lines = $("merge-lines");
      lines.replaceChildren(...state.lines.map((line) => element("li", line,
        line.includes(": error: ") ? "error" : "warning")));
      $("download").href = withToken(`/api/jobs/${job}/notices.zip`);
      $("report").href = withToken(`/api/jobs/${job}/report.csv`);
      show("downloads", true);
      $("merge").disabled = false;
      $("download").focus();
    } catch (error) {
      $("merged").textContent = "";
      $("merge").disabled = false;
      fail(error.message, "merge-error");
      $("merge").focus();
    } finally {
      show("progress", false);
    }
  }

  // Office for Mac shows the pane in a web view that ignores downloads: open the
  // file's address in the real browser instead.
  // A download whose workbook the server no longer holds is said beside the link
  // (a browser would cancel it silently).
  async function download(event) {
    const link = event.currentTarget;
    if (link.dataset.checked === "yes") { delete link.dataset.checked; return; }
    event.preventDefault();
    show("merge-error", false);
    const answer = await fetch(link.href, { method: "HEAD", headers: headers() });
    if (!answer.ok) {
      const state = await fetch(withToken(`/api/jobs/${job}`), { headers: headers() });
      const said = state.ok ? `the server answered ${answer.status}` :
        (await state.json()).error;
      fail(said, "merge-error");
      return;
    }
    if (pane && window.Office && Office.context && Office.context.platform === "Mac" &&
        Office.context.ui && Office.context.ui.openBrowserWindow) {
      Office.context.ui.openBrowserWindow(new URL(link.href, location.href).href);
      return;
    }
    link.dataset.checked = "yes";
    link.click();
  }

  async function preview() {
    const row = $("preview-row").value;
    show("preview-error", false);
    if (!row || !job) { return; }
    const url = withToken(`/api/jobs/${job}/preview/${row}`);
    const answer = await fetch(url, { method: "HEAD", headers: headers() });
    if (!answer.ok) {
      const state = await fetch(withToken(`/api/jobs/${job}`), { headers: headers() });
      fail(state.ok ? "that row has no notice (see its errors)" : (await state.json()).error,
        "preview-error");
      return;
    }
    $("preview").src = url;
  }

  // -- status of edited notices -------------------------------------------------------

  async function statusOf(files) {
    if (!job || !files || !files.length) { return; }
    show("status-error", false);
    show("status-table", false);
    $("status-problems").replaceChildren();
    const summary = $("status-summary");
    try {
      await call("DELETE", `/api/jobs/${job}/notices`);
      let sent = 0;
      for (const file of files) {
        summary.textContent = `Sending ${file.name} (${sent + 1} of ${files.length})...`;
        await call("POST", `/api/jobs/${job}/notices`, file, "application/octet-stream",
          { "X-Docgen-Filename": encodeURIComponent(file.name) });
        sent += 1;
      }
      summary.textContent = "Reading the notices...";
      const query = asOf() ? `?today=${encodeURIComponent(asOf())}` : "";
      const data = await call("POST", `/api/jobs/${job}/status${query}`);
      statusRecords = data.notices;
      summary.textContent = data.summary;
      $("status-problems").replaceChildren(...[...data.problems, ...data.left_out].map(
        (line) => element("li", line, line.includes(": error: ") ? "error" : "warning")));
      renderStatus();
      summary.focus();
    } catch (error) {
      summary.textContent = "";
      fail(error.message, "status-error");
    }
  }

  function renderStatus() {
    const body = $("status-table").tBodies[0];
    body.replaceChildren();
    const notReady = $("status-not-ready").checked;
    for (const item of statusRecords) {
      if (notReady && (item.state === "ready" || item.state === "filed")) { continue; }
      const tr = document.createElement("tr");
      const urgent = item.days_left !== null && item.days_left <= 7 &&
        !["ready", "filed"].includes(item.state);
      tr.appendChild(element("td", item.state, "status " + (item.state === "filed" ? "filed" :
        item.state === "ready" ? "" : urgent ? "urgent" : "soon")));
      tr.appendChild(element("td", item.nt_due || ""));
      tr.appendChild(element("td", item.days_left === null || item.state === "filed" ? "" :
        String(item.days_left)));
      tr.appendChild(element("td", item.form + (item.amendment ? `/A${item.amendment}` : "")));
      tr.appendChild(element("td", item.registrant));
      tr.appendChild(element("td", item.file || "(none)"));
      const left = element("td");
      if (item.lines.length) {
        const details = element("details");
        details.appendChild(element("summary", item.brief || `${item.lines.length} notes`));
        const list = element("ul", undefined, "lines");
        for (const line of item.lines) { list.appendChild(element("li", line)); }
        details.appendChild(list);
        left.appendChild(details);
      } else {
        left.textContent = item.brief;
      }
      tr.appendChild(left);
      body.appendChild(tr);
    }
    show("status-table", true);
  }

  // -- Office --------------------------------------------------------------------------

  function readOpenWorkbook() {
    return new Promise((resolve, reject) => {
      Office.context.document.getFileAsync(Office.FileType.Compressed,
        { sliceSize: 4194304 }, (result) => {
          if (result.status !== Office.AsyncResultStatus.Succeeded) {
            reject(new Error("Excel could not hand over the workbook (" +
              (result.error ? result.error.message : "no reason given") +
              "); save it and try again, or choose the file"));
            return;
          }
          const file = result.value;
          const slices = new Array(file.sliceCount);
          const next = (index) => file.getSliceAsync(index, (sliceResult) => {
            if (sliceResult.status !== Office.AsyncResultStatus.Succeeded) {
              file.closeAsync();
              reject(new Error("Excel stopped while handing over the workbook; try again"));
              return;
            }
            slices[sliceResult.value.index] = new Uint8Array(sliceResult.value.data);
            if (index + 1 < file.sliceCount) { next(index + 1); return; }
            file.closeAsync();
            resolve(new Blob(slices, { type: "application/octet-stream" }));
          });
          next(0);
        });
    });
  }

  async function useOpenWorkbook() {
    try {
      $("busy").textContent = "Reading the open workbook...";
      const blob = await readOpenWorkbook();
      await upload(blob, "registrants.xlsx");
    } catch (error) {
      fail(error.message);
    }
  }

  async function openInWord() {
    const row = $("preview-row").value;
    if (!row || !job) { return; }
    try {
      const response = await fetch(withToken(`/api/jobs/${job}/notice/${row}.docx`),
        { headers: headers() });
      if (!response.ok) { throw new Error((await response.json()).error); }
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      await Word.run(async (context) => {
        context.application.createDocument(btoa(binary)).open();
        await context.sync();
      });
    } catch (error) {
      fail(error.message);
    }
  }

  function startOffice() {
    if (pane && !window.Office) { show("office-missing", true); }
    if (!pane || !window.Office) { $("mode").textContent = ""; return; }
    Office.onReady((info) => {
      if (info.host === Office.HostType.Excel) {
        $("mode").textContent = "(Excel task pane)";
        show("use-open", true);
      } else if (info.host === Office.HostType.Word) {
        $("mode").textContent = "(Word task pane)";
        show("open-word", true);
      }
    });
  }

  // -- wiring --------------------------------------------------------------------------

  function chosen(files) {
    if (files && files.length) { upload(files[0], files[0].name); }
  }

  const drop = $("drop");
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    chosen(event.dataTransfer.files);
  });
  $("file").addEventListener("change", (event) => chosen(event.target.files));
  // Enter opens a chooser too (browsers open a file input on Space only).
  for (const chooser of [$("file"), $("status-files")]) {
    chooser.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    chooser.addEventListener("keyup", (event) => {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      try {
        chooser.showPicker();  // where a browser refuses it (no user gesture seen): click
      } catch (refused) {
        chooser.click();
      }
    });
  }
  $("merge").addEventListener("click", merge);
  $("download").addEventListener("click", download);
  $("report").addEventListener("click", download);
  $("preview-row").addEventListener("change", preview);
  $("errors-only").addEventListener("change", () => renderProblems());
  $("as-of").addEventListener("change", reDate);
  $("within").addEventListener("input", icsLink);
  $("select-due").addEventListener("click", selectDue);
  $("select-all").addEventListener("click", selectAll);
  $("ics").addEventListener("click", download);
  $("row-filter").addEventListener("input", () => renderProblems());
  $("use-open").addEventListener("click", useOpenWorkbook);
  $("status-files").addEventListener("change", (event) => statusOf([...event.target.files]));
  $("status-not-ready").addEventListener("change", renderStatus);
  const statusDrop = $("status-drop");
  statusDrop.addEventListener("dragover", (event) => { event.preventDefault(); });
  statusDrop.addEventListener("drop", (event) => {
    event.preventDefault();
    statusOf([...event.dataTransfer.files]);
  });
  $("open-word").addEventListener("click", openInWord);
  // Leaving the page is the end of the job: the server deletes the workbook then.
  window.addEventListener("pagehide", () => {
    if (job) {
      fetch(withToken(`/api/jobs/${job}`), { method: "DELETE", headers: headers(),
        keepalive: true }).catch(() => {});
    }
  });
  startOffice();
  document.body.dataset.ready = "yes";
})();
