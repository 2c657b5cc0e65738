// tocsin console: active alerts by severity, places and their timelines, acknowledgements.
// Everything that comes from a dispatch is put in the page with textContent (through `el`),
// never as HTML: a dispatch that contains <script> shows as text.
"use strict";

const SEVERITIES = ["critical", "warning", "info"];
const STORE = window.sessionStorage;
const state = { pollSeconds: 5, tokenRequired: true, timer: null, ackAlert: null, loading: false };

// --- DOM helpers ----------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replace a node's children; arrays are flattened and null/false dropped, as in `el`.
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter(
    (child) => child !== null && child !== undefined && child !== false));
}

function link(href, text, attrs) {
  return el("a", Object.assign({ href }, attrs || {}), text);
}

function placeHref(placeId) {
  return "#/places/" + encodeURIComponent(placeId);
}

function dispatchHref(dispatchId) {
  return "#/dispatches/" + encodeURIComponent(dispatchId);
}

function placeName(place) {
  return place.country ? `${place.name} (${place.country})` : place.name;
}

// The sentence with its trigger in <mark>: offsets are in the dispatch text, so the trigger's
// place in the sentence is trigger_start - sentence_start.
function sentenceWithTrigger(evidence) {
  const sentence = evidence.sentence || "";
  const start = evidence.trigger_start - evidence.sentence_start;
  const end = evidence.trigger_end - evidence.sentence_start;
  const quote = el("q", { class: "sentence" });
  if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start &&
      end <= sentence.length) {
    quote.append(sentence.slice(0, start), el("mark", {}, sentence.slice(start, end)),
                 sentence.slice(end));
  } else {
    quote.append(sentence);
  }
  return quote;
}

function formatDays(days) {
  return days === 1 ? "1 day" : `${days} days`;
}

// --- API ------------------------------------------------------------------------------------

async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { Accept: "application/json" } },
                                                   options || {}));
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    const error = new Error((body && body.error) || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function setStatus(text, failing) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("failing", Boolean(failing));
}

function showOperator() {
  const who = STORE.getItem("tocsin.by");
  const span = document.getElementById("operator");
  fill(span);
  if (who) {
    span.append("operator: ", el("strong", {}, who), " ",
      el("button", { type: "button", class: "link", onclick: () => {
        STORE.removeItem("tocsin.by"); STORE.removeItem("tocsin.token"); showOperator();
      } }, "forget"));
  }
}

// --- views ----------------------------------------------------------------------------------

function alertCard(alert, options) {
  const evidence = alert.evidence || [];
  const card = el("article", {
    class: `alert ${alert.severity} ${alert.status}`,
    dataset: { alertId: alert.alert_id, rule: alert.rule, place: alert.place.name },
  });
  card.append(el("header", {},
    el("span", { class: `badge ${alert.severity}` }, alert.severity),
    " ", link(placeHref(alert.place.id), placeName(alert.place), { class: "place" }),
    " ", el("span", { class: "rule" }, alert.rule),
    " ", el("strong", { class: "measure" }, alert.measure_text),
    alert.status === "resolved"
      ? el("span", { class: "resolved-note" }, ` resolved ${alert.resolved}: ${alert.resolution}`)
      : null));
  const facts = [];
  if (alert.since) facts.push(`since ${alert.since}`);
  facts.push(`raised ${alert.raised}`);
  if (alert.escalated) facts.push(`escalated ${alert.escalated}`);
  card.append(el("p", { class: "facts" }, facts.join(" · ")));
  const shown = options && options.allEvidence ? evidence : evidence.slice(0, 1);
  for (const item of shown) {
    card.append(el("blockquote", { class: "evidence" },
      sentenceWithTrigger(item),
      el("footer", {}, "— ", item.source, ", ",
        link(dispatchHref(item.dispatch_id), "dispatch", { class: "dispatch-link" }),
        " (", link(item.dispatch_url, "JSON", { class: "json-link" }), ")")));
  }
  if (!(options && options.allEvidence) && evidence.length > 1) {
    card.append(el("p", { class: "more" },
      link("#/alerts/" + encodeURIComponent(alert.alert_id),
           `+${evidence.length - 1} more sentence(s)`)));
  }
  const actions = el("p", { class: "actions" });
  if (alert.acknowledged_by) {
    actions.append(el("span", { class: "acked" },
      `acknowledged by ${alert.acknowledged_by} at ${alert.acknowledged_at}`));
  } else if (alert.status === "active") {
    actions.append(el("button", { type: "button", class: "ack",
                                  onclick: () => openAcknowledge(alert) }, "Acknowledge"));
  }
  actions.append(" ", link("#/alerts/" + encodeURIComponent(alert.alert_id), "details",
                           { class: "details" }));
  card.append(actions);
  return card;
}

async function renderAlerts(view) {
  const [active, all] = await Promise.all([api("/api/alerts?status=active"),
                                           api("/api/alerts?status=resolved")]);
  const nodes = [el("h1", {}, `Active alerts as of ${active.as_of || "—"}`)];
  if (active.count === 0) nodes.push(el("p", { class: "empty" }, "No active alert."));
  for (const severity of SEVERITIES) {
    const alerts = active.alerts.filter((a) => a.severity === severity);
    if (!alerts.length) continue;
    nodes.push(el("section", { class: `group ${severity}`, dataset: { severity } },
      el("h2", {}, `${severity} (${alerts.length})`),
      alerts.map((a) => alertCard(a))));
  }
  if (all.count) {
    nodes.push(el("details", { class: "resolved-list" },
      el("summary", {}, `Resolved (${all.count})`), all.alerts.map((a) => alertCard(a))));
  }
  fill(view, ...nodes);
  return active.as_of;
}

async function renderAlert(view, alertId) {
  const alert = await api("/api/alerts/" + encodeURIComponent(alertId));
  const history = el("ol", { class: "history" },
    alert.history.map((h) => el("li", {}, `${h.day}: ${h.what} (${h.detail})`)));
  fill(view, el("p", {}, link("#/", "← alerts")),
    el("h1", {}, alert.summary), alertCard(alert, { allEvidence: true }),
    el("h2", {}, "History"), history);
  return null;
}

function situationFacts(s) {
  const rows = [];
  if (s.siege_since) {
    rows.push(["Siege", `since ${s.siege_since}: ${formatDays(s.siege_days)}` +
      (s.siege_population ? `, ${s.siege_population.toLocaleString("en")} people` : "") +
      (s.siege_sources.length ? ` [${s.siege_sources.join(", ")}]` : "")]);
  }
  if (s.aid_blocked_since) {
    rows.push(["No aid", `since ${s.aid_blocked_since}: ${formatDays(s.aid_blocked_days)}`]);
  }
  for (const stock of s.stocks) {
    const when = stock.exhausted ? "exhausted" : `forecast to run out ${stock.exhaustion}`;
    const left = stock.days_left === null ? "" :
      stock.days_left > 0 ? ` (${formatDays(stock.days_left)} left)` :
      stock.days_left === 0 ? " (runs out today)" : ` (ran out ${formatDays(-stock.days_left)} ago)`;
    rows.push([`Stock: ${stock.commodity}`, when + left]);
  }
  if (s.killed_7d) rows.push(["Killed, 7 days", String(s.killed_7d)]);
  if (s.healthcare_attacks_30d) rows.push(["Health care attacked, 30 days", String(s.healthcare_attacks_30d)]);
  if (s.displaced_30d) rows.push(["Displaced, 30 days", s.displaced_30d.toLocaleString("en")]);
  if (s.famine_reports_90d) rows.push(["Famine reports, 90 days", String(s.famine_reports_90d)]);
  if (!rows.length) rows.push(["", "nothing above the thresholds"]);
  return el("dl", { class: "facts-table" }, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

async function renderPlace(view, placeId, asOf) {
  const query = asOf ? "?as_of=" + encodeURIComponent(asOf) : "";
  const [s, alerts] = await Promise.all([
    api("/api/places/" + encodeURIComponent(placeId) + "/situation" + query),
    api("/api/alerts?status=all&place=" + encodeURIComponent(placeId) +
        (asOf ? "&as_of=" + encodeURIComponent(asOf) : "")),
  ]);
  // The timeline: signals by the day their fact holds, and every step of every alert.
  const events = [];
  for (const signal of s.signals) {
    const day = signal.on || signal.since || signal.reported_on;
    events.push({ day, order: 1, node: el("li", { class: `signal ${signal.type}` },
      el("time", {}, day), " ", el("span", { class: "kind" }, signal.type.replaceAll("_", " ")),
      signal.commodity ? ` (${signal.commodity})` : "",
      " ", sentenceWithTrigger({ sentence: signal.evidence.sentence,
                                 sentence_start: signal.evidence.start,
                                 trigger_start: signal.evidence.trigger_start,
                                 trigger_end: signal.evidence.trigger_end }),
      " — ", signal.source, ", reported ", signal.reported_on, " ",
      link(dispatchHref(signal.dispatch_id), "dispatch", { class: "dispatch-link" })) });
  }
  for (const alert of alerts.alerts) {
    for (const step of alert.history) {
      events.push({ day: step.day, order: 0, node: el("li", { class: `alert-step ${step.what}` },
        el("time", {}, step.day), " ", el("span", { class: `badge ${alert.severity}` }, step.what),
        " ", link("#/alerts/" + encodeURIComponent(alert.alert_id), alert.rule),
        ` (${step.detail})`) });
    }
    if (alert.acknowledged_at) {
      const day = alert.acknowledged_at.slice(0, 10);
      events.push({ day, order: 0, node: el("li", { class: "alert-step acknowledged" },
        el("time", {}, day), " acknowledged ", alert.rule, " by ", alert.acknowledged_by) });
    }
  }
  events.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : a.order - b.order));
  const form = el("form", { class: "as-of", onsubmit: (event) => {
    event.preventDefault();
    const day = event.target.elements.day.value;
    location.hash = placeHref(placeId) + (day ? "?as_of=" + encodeURIComponent(day) : "");
  } }, el("label", {}, "as of ", el("input", { type: "date", name: "day", value: asOf || "" })),
    " ", el("button", { type: "submit" }, "show"),
    asOf ? [" ", link(placeHref(placeId), "now")] : null);
  const active = alerts.alerts.filter((a) => a.status === "active");
  fill(view,
    el("p", {}, link("#/places", "← places")),
    el("h1", {}, `${placeName(s.place)} as of ${s.day}`,
       s.place.linked ? null : el("span", { class: "unlinked" }, " not in the gazetteer")),
    form, situationFacts(s),
    el("h2", {}, `Active alerts (${active.length})`),
    el("div", { class: "place-alerts" },
       active.length ? active.map((a) => alertCard(a)) : el("p", { class: "empty" }, "none")),
    el("h2", {}, "Timeline"),
    events.length ? el("ol", { class: "timeline" }, events.map((e) => e.node))
                  : el("p", { class: "empty" }, "no signal"));
  return s.day;
}

async function renderPlaces(view) {
  const data = await api("/api/places");
  const rows = data.places.map((p) => el("tr", { class: p.worst_severity || "" },
    el("td", {}, link(placeHref(p.place.id), placeName(p.place))),
    el("td", {}, p.worst_severity ? el("span", { class: `badge ${p.worst_severity}` },
                                       `${p.active_alerts} active`) : "—"),
    el("td", {}, p.siege_days === null ? "" : formatDays(p.siege_days)),
    el("td", {}, p.aid_blocked_days === null ? "" : formatDays(p.aid_blocked_days)),
    el("td", {}, p.stocks.filter((x) => x.days_left !== null)
      .map((x) => `${x.commodity}: ${x.days_left}`).join(", ")),
    el("td", {}, p.killed_7d === null ? "" : String(p.killed_7d)),
    el("td", {}, String(p.signals))));
  fill(view, el("h1", {}, `Places as of ${data.as_of || "—"}`),
    el("table", { class: "places" },
      el("thead", {}, el("tr", {}, ["Place", "Alerts", "Siege", "No aid", "Stock days left",
                                    "Killed 7 d", "Signals"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows)));
  return data.as_of;
}

async function renderDispatch(view, dispatchId) {
  const d = await api("/api/dispatches/" + encodeURIComponent(dispatchId));
  fill(view, el("p", {}, link("#/", "← alerts")),
    el("h1", {}, d.title || d.id),
    el("p", { class: "facts" }, `${d.source} · ${d.language} · published ${d.published}` +
      ` (${d.precision} precision) · received ${d.received}`),
    d.retracted ? el("p", { class: "retracted" }, `Retracted: ${d.retracted}`) : null,
    d.url ? el("p", {}, "Original: ", /^https?:\/\//i.test(d.url)
      ? el("a", { href: d.url, rel: "noopener noreferrer", class: "url" }, d.url)
      : el("span", { class: "url" }, d.url)) : null,
    el("pre", { class: "dispatch-text" }, d.text),
    el("p", {}, link(d.links.self, "JSON")));
  return null;
}

// --- routing and refresh --------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll("nav a")) {
    a.classList.toggle("current", a.dataset.nav === (parts[0] === "places" ? "places" : "alerts"));
  }
  const view = document.getElementById("view");
  if (parts[0] === "places" && parts[1]) return () => renderPlace(view, parts[1], params.get("as_of"));
  if (parts[0] === "places") return () => renderPlaces(view);
  if (parts[0] === "alerts" && parts[1]) return () => renderAlert(view, parts[1]);
  if (parts[0] === "dispatches" && parts[1]) return () => renderDispatch(view, parts[1]);
  return () => renderAlerts(view);
}

async function refresh() {
  if (state.loading) return;
  state.loading = true;
  try {
    const clock = await route()();
    const now = new Date().toLocaleTimeString("en-GB");
    setStatus(`${clock ? "log clock " + clock + " · " : ""}updated ${now}`, false);
    document.body.dataset.ready = "true";
  } catch (error) {
    setStatus(`update failed: ${error.message}`, true);
    if (error.status === 404) {
      fill(document.getElementById("view"), el("p", { class: "error" }, error.message));
    }
  } finally {
    state.loading = false;
  }
}

function schedule() {
  clearInterval(state.timer);
  state.timer = setInterval(() => {
    if (!document.hidden && !document.getElementById("ack-dialog").open) refresh();
  }, state.pollSeconds * 1000);
}

// --- acknowledging --------------------------------------------------------------------------

function openAcknowledge(alert) {
  state.ackAlert = alert;
  const dialog = document.getElementById("ack-dialog");
  document.getElementById("ack-what").textContent = alert.summary + " — " + alert.rule;
  document.getElementById("ack-by").value = STORE.getItem("tocsin.by") || "";
  document.getElementById("ack-token").value = STORE.getItem("tocsin.token") || "";
  document.getElementById("ack-token").parentElement.hidden = !state.tokenRequired;
  document.getElementById("ack-note").value = "";
  document.getElementById("ack-error").textContent = "";
  dialog.showModal();
  document.getElementById(STORE.getItem("tocsin.by") ? "ack-submit" : "ack-by").focus();
}

async function submitAcknowledge(event) {
  event.preventDefault();
  const by = document.getElementById("ack-by").value.trim();
  const token = document.getElementById("ack-token").value.trim();
  const note = document.getElementById("ack-note").value;
  const error = document.getElementById("ack-error");
  if (!by) { error.textContent = "Say who you are."; return; }
  if (state.tokenRequired && !token) { error.textContent = "The API token is required."; return; }
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  try {
    await api(`/api/alerts/${encodeURIComponent(state.ackAlert.alert_id)}/acknowledge`,
              { method: "POST", headers, body: JSON.stringify({ by, note }) });
  } catch (failure) {
    if (failure.status === 401) STORE.removeItem("tocsin.token");
    error.textContent = `Not acknowledged: ${failure.message}`;
    return;
  }
  STORE.setItem("tocsin.by", by);
  if (token) STORE.setItem("tocsin.token", token);
  document.getElementById("ack-dialog").close();
  showOperator();
  refresh();
}

async function start() {
  try {
    const config = await api("/api/console");
    state.pollSeconds = Math.max(0.5, Number(config.poll_seconds) || 5);
    state.tokenRequired = Boolean(config.token_required);
  } catch (_) { /* defaults */ }
  document.getElementById("ack-form").addEventListener("submit", submitAcknowledge);
  document.getElementById("ack-cancel").addEventListener("click",
    () => document.getElementById("ack-dialog").close());
  window.addEventListener("hashchange", refresh);
  showOperator();
  await refresh();
  schedule();
}

document.addEventListener("DOMContentLoaded", start);
