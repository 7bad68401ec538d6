// gdlearn lab: the page's state lives in its address (?problem=…&lr1=…), the same query /api/run reads.
// A change to a control rewrites the address and asks the server again; at most one request is in
// flight, and changes made meanwhile are coalesced into one request sent when it returns.
"use strict";
(() => {
  const OPTIONS = JSON.parse(document.getElementById("lab-options").textContent);
  const PROBLEMS = Object.fromEntries(OPTIONS.problems.map((p) => [p.name, p]));
  const METHOD_PARAMS = ["opt", "lr", "momentum", "nesterov", "batch"];
  const PICTURES = { loss: "Loss at every update", epochs: "Loss after every epoch",
    path: "Paths on the contour map", fit: "The data and the fitted lines" };
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  let state = new URLSearchParams(location.search || OPTIONS.home);
  let busy = false, again = false, timer = null, last = null;

  const problem = () => PROBLEMS[state.get("problem")] || PROBLEMS.galton;
  const isData = () => problem().kind === "data";
  const methodCount = () => {
    let m = 1;
    for (const key of state.keys()) {
      const match = /^(opt|lr|momentum|nesterov|batch)(\d+)$/.exec(key);
      if (match) m = Math.max(m, Number(match[2]));
    }
    return Math.min(m, OPTIONS.max_methods);
  };
  const setParam = (name, value) => (value === null || value === "" ? state.delete(name) : state.set(name, value));

  function changed() {  // the state changed: new address, new request (soon, coalesced)
    history.replaceState(null, "", "?" + state.toString());
    clearTimeout(timer);
    timer = setTimeout(send, 60);
  }

  function send() {
    if (busy) { again = true; return; }
    busy = true;
    $("#status").textContent = "computing…";
    fetch("/api/run?" + state.toString(), { signal: AbortSignal.timeout(60000) })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (again) return;  // stale: a newer state is about to be asked for
        if (ok) show(body); else refused(body.error || "the lab refused the request");
      })
      .catch((error) => refused(`the lab did not answer (${error.message}); is gdlearn lab still running?`))
      .finally(() => { busy = false; if (again) { again = false; send(); } });
  }

  function refused(message) {  // the server's one line, and a way out of a link the controls cannot mend
    $("#error").textContent = message;
    $("#error").hidden = false;
    $("#reset").hidden = false;
    $("#results").classList.add("stale");
    $("#status").textContent = "";
  }

  function show(answer) {
    last = answer;
    limitBatches();
    $("#error").hidden = true;
    $("#reset").hidden = true;
    $("#results").classList.remove("stale");
    $("#status").textContent = `${answer.problem.title}: computed in ${answer.seconds.toFixed(2)} s.`;
    const preset = OPTIONS.presets.find((p) => p.query === state.toString());  // what this scenario shows
    $("#scenario").hidden = !preset;
    $("#scenario").textContent = preset ? `${preset.title}. ${preset.shows}` : "";
    const verdicts = $("#verdicts");
    verdicts.replaceChildren(...answer.methods.map((m) => {
      const item = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = m.label;
      // a blow-up's message says what its verdict says, and also why, against which limit, what to do
      item.append(name, `: ${m.diverged ? m.message : m.verdict}`);
      if (m.diverged) item.className = "diverged";
      return item;
    }));
    const notes = [];
    for (const figure of $$("#pictures figure")) {
      const name = figure.dataset.picture, svg = answer.pictures[name];
      figure.hidden = svg === null;
      if (svg === null) { notes.push(`${PICTURES[name]}: ${answer.pictures.notes[name]}.`); continue; }
      $("img", figure).src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
      $("img", figure).alt = `${PICTURES[name]}, for ${answer.methods.map((m) => m.label).join("; ")}`;
      $("figcaption", figure).textContent = PICTURES[name];
    }
    $("#notes").textContent = notes.length ? "Not drawn: " + notes.join(" ") : "";
    $("#explain").hidden = answer.explain === null;
    $("#explain").textContent = answer.explain || "";
    answer.methods.forEach((m, i) => rate(i + 1, m, answer.problem));
  }

  function rate(k, method, info) {  // the slider's limit mark and the rate the server used
    const box = $(`.method[data-k="${k}"]`);
    if (!box) return;
    const text = $('[data-param="lr"]', box), slider = $('input[type="range"]', box);
    const mark = $(".limit-mark", box), note = $(".limit-text", box);
    text.placeholder = String(Number(method.learning_rate.toPrecision(4)));
    if (!state.has(`lr${k}`)) slider.value = Math.log10(method.learning_rate);
    const eta = Number(state.get(`lr${k}`) || method.learning_rate);
    if (method.limit === null) {
      mark.hidden = true;
      note.textContent = method.optimizer === "adam"
        ? "Adam's step is about η per coordinate, whatever the curvature: no limit from λ_max."
        : `No stability limit: ${info.limit_note}.`;
      text.classList.remove("past-limit");
      return;
    }
    const position = (Math.log10(method.limit) - slider.min) / (slider.max - slider.min);
    mark.hidden = position < 0 || position > 1;
    mark.style.left = `calc(8px + (100% - 16px) * ${position})`;
    const formula = method.optimizer === "gd" && Number(state.get(`momentum${k}`) || 0) > 0
      ? (state.get(`nesterov${k}`) === "1" ? "2(1+μ)/((1+2μ)λ_max)" : "2(1+μ)/λ_max") : "2/λ_max";
    mark.textContent = `${formula} = ${method.limit.toPrecision(3)}`;
    const past = eta > method.limit;
    text.classList.toggle("past-limit", past);
    note.textContent = `Stability limit of batch gradient descent: ${formula} = ${method.limit.toPrecision(3)},`
      + ` with ${info.limit_note}. ${past ? "η is past it." : "η is below it."}`;
  }

  function render() {  // the controls, from the state; the focus stays on the control that had it
    const focused = document.activeElement && document.activeElement.id;
    const p = problem();
    $("#problem").value = p.name;
    $("#problem-title").textContent = p.title;
    const takes = new Set(p.kind === "data"
      ? ["scale", "loss", "epochs", "seed", "view", "explain", ...p.options]
      : ["x0", "iterations", ...p.options]);
    for (const block of $$("[data-for]")) block.hidden = !takes.has(block.dataset.for);
    for (const field of $$("#problem-box [data-param]")) {
      const name = field.dataset.param;
      if (name !== "problem") field.value = state.get(name) || (field.tagName === "SELECT" ? field.options[0].value : "");
    }
    if (p.start) { $('[data-param="x0"]').placeholder = p.start[0]; $('[data-param="y0"]').placeholder = p.start[1]; }
    const features = (state.get("features") || "wt").split(",");
    $("#feature1").value = features[0];
    $("#feature2").value = features[1] || "";
    const m = methodCount(), boxes = $("#methods");
    boxes.replaceChildren();
    for (let k = 1; k <= m; k++) boxes.append(methodBox(k, m));
    $("#add-method").disabled = m >= OPTIONS.max_methods;
    const which = $("#explain-which");
    which.replaceChildren(...Array.from({ length: m }, (_, i) => new Option(String(i + 1), String(i + 1))));
    $("#explain-on").checked = state.has("explain");
    which.value = state.get("explain") || "1";
    $("#explain-step").value = state.get("step") || "";
    if (last) last.methods.forEach((method, i) => rate(i + 1, method, last.problem));
    limitBatches();
    const same = focused ? document.getElementById(focused) : null;
    if (focused && document.activeElement !== same) {
      // a method box drawn again: the same control in it; a remove button gone or hidden: "Add a method"
      (same && !same.hidden ? same : focused.startsWith("remove") ? $("#add-method") : null)?.focus();
    }
  }

  function limitBatches() {  // no batch larger than the data: the server refuses it (fit would clip it)
    const rows = last && last.problem.rows;
    for (const option of $$('select[data-param="batch"] option')) {
      option.disabled = Boolean(rows) && option.value !== "full" && Number(option.value) > rows;
      option.title = option.disabled ? `more than the ${rows} rows` : "";
    }
  }

  function methodBox(k, m) {
    const box = $("#method-template").content.firstElementChild.cloneNode(true);
    box.dataset.k = k;
    $(".k", box).textContent = k;
    const opt = state.get(`opt${k}`) || "gd";
    for (const field of $$("[data-param]", box)) {
      const name = field.dataset.param, value = state.get(name + k);
      field.id = `${name}${k}`;
      if (field.type === "checkbox") field.checked = value === "1";
      else if (field.tagName === "SELECT") {
        if (value && !$$("option", field).some((o) => o.value === value)) field.append(new Option(value, value));
        field.value = value || field.options[0].value;
      } else field.value = value || "";
      field.addEventListener("change", () => {
        setParam(name + k, field.type === "checkbox" ? (field.checked ? "1" : null) : field.value.trim());
        if (name === "opt" && field.value === "adam") { state.delete(`momentum${k}`); state.delete(`nesterov${k}`); }
        if (name === "opt") state.delete(`lr${k}`);
        if (name === "batch" && field.value === "full") state.delete(`batch${k}`);
        if (name === "momentum" && !(Number(field.value) > 0)) state.delete(`nesterov${k}`);  // needs μ > 0
        if (name === "opt" || name === "nesterov" || name === "momentum") render();
        changed();
      });
    }
    for (const label of $$(".gd-only", box)) label.hidden = opt !== "gd";
    for (const label of $$(".data-only", box)) label.hidden = !isData();
    const slider = $('input[type="range"]', box), text = $('[data-param="lr"]', box);
    if (state.has(`lr${k}`) && Number(state.get(`lr${k}`)) > 0) slider.value = Math.log10(Number(state.get(`lr${k}`)));
    slider.addEventListener("input", () => {
      text.value = Number((10 ** Number(slider.value)).toPrecision(3)).toString();
      state.set(`lr${k}`, text.value);
      if (last && last.methods[k - 1]) rate(k, last.methods[k - 1], last.problem);
      changed();
    });
    const remove = $(".remove", box);
    remove.hidden = m === 1;
    remove.id = `remove${k}`;
    remove.textContent = `Remove method ${k}`;
    remove.addEventListener("click", () => removeMethod(k, m));
    return box;
  }

  function removeMethod(k, m) {  // methods after k move up one place
    for (let j = k; j <= m; j++) {
      for (const name of METHOD_PARAMS) {
        const next = j < m ? state.get(name + (j + 1)) : null;
        setParam(name + j, next);
      }
    }
    if (state.has("explain") && Number(state.get("explain")) >= m) state.set("explain", String(m - 1));
    render();
    changed();
  }

  function wire() {
    const problems = $("#problem");
    for (const p of OPTIONS.problems) problems.append(new Option(p.name, p.name));
    for (const f of OPTIONS.features) { $("#feature1").append(new Option(f, f)); $("#feature2").append(new Option(f, f)); }
    for (const preset of OPTIONS.presets) {
      const item = document.createElement("li"), link = document.createElement("a");
      link.href = "?" + preset.query;
      link.textContent = preset.title;
      link.title = preset.shows;
      item.append(link);
      $("#presets").append(item);
    }
    problems.addEventListener("change", () => {  // a new problem: its defaults, the same update rules
      const keep = new URLSearchParams({ problem: problems.value });
      for (let k = 1; k <= methodCount(); k++) {
        for (const name of ["opt", "momentum", "nesterov"]) if (state.has(name + k)) keep.set(name + k, state.get(name + k));
      }
      state = keep;
      render();
      changed();
    });
    for (const field of $$("#problem-box [data-param]")) {
      const name = field.dataset.param;
      if (name === "problem") continue;
      field.addEventListener("change", () => {
        setParam(name, field.value.trim());
        if (name === "scale") for (let k = 1; k <= methodCount(); k++) state.delete(`lr${k}`);
        changed();
      });
    }
    for (const select of [$("#feature1"), $("#feature2")]) {
      select.addEventListener("change", () => {
        const chosen = [$("#feature1").value, $("#feature2").value].filter(Boolean);
        state.set("features", chosen.join(","));
        for (let k = 1; k <= methodCount(); k++) state.delete(`lr${k}`);
        changed();
      });
    }
    $("#add-method").addEventListener("click", () => {
      const m = methodCount();
      for (const name of METHOD_PARAMS) setParam(name + (m + 1), state.get(name + m));
      if (!state.has(`opt${m + 1}`)) state.set(`opt${m + 1}`, "gd");
      render();
      changed();
      $(`#opt${m + 1}`).focus();
    });
    const explain = () => {  // explain=k and step=T: update T of method k (T = 1 when left empty)
      const on = $("#explain-on").checked;
      setParam("explain", on ? $("#explain-which").value : null);
      setParam("step", on ? $("#explain-step").value.trim() : null);
      changed();
    };
    for (const id of ["#explain-on", "#explain-which", "#explain-step"]) $(id).addEventListener("change", explain);
    $("#caps").textContent = `Each request may take at most ${OPTIONS.max_updates.toLocaleString("en")} updates and`
      + ` ${OPTIONS.max_work.toLocaleString("en")} rows × updates, summed over the methods (a method on data`
      + " costs rows × epochs, whatever its batch size). Longer runs show every k-th update.";
  }

  wire();
  history.replaceState(null, "", "?" + state.toString());
  render();
  send();
})();
