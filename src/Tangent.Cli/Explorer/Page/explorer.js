// The explorer page. Every number shown comes from the server's JSON endpoints (the library); this script only
// draws them and sends the formula, the point, the window and the learning rate.
"use strict";

const state = {
  formula: "", point: [1, 0.5], centre: [1, 0.5], radius: 1.5, names: ["x", "y"],
  contour: null, report: null, steps: 0, path: null, dragging: false,
};
const $ = id => document.getElementById(id);
const num = v => typeof v === "number" ? v : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : NaN;
const fmt = (v, d = 4) => { v = num(v); return Number.isFinite(v) ? (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(d - 1) : +v.toPrecision(d) + "") : String(v); };
const vec = v => "(" + v.map(c => fmt(c)).join(", ") + ")";
// Report keys are camelCase today and snake_case after the CLI's key change; read either.
const key = (o, snake, camel) => o[snake] !== undefined ? o[snake] : o[camel];

async function api(view, params) {
  const q = new URLSearchParams({ f: state.formula, p: state.point.join(","), ...params });
  const response = await fetch(`/api/${view}?${q}`);
  const body = await response.json();
  if (!response.ok) throw body;
  return body;
}

// ---------------------------------------------------------------- formula box and errors ----
function showError(e) {
  $("formula").classList.add("bad");
  $("formula-error").hidden = false;
  $("error-message").textContent = e.error || String(e);
  $("error-excerpt").textContent = e.excerpt !== undefined ? e.excerpt + "\n" + e.caret : "";
}
function clearError() {
  $("formula").classList.remove("bad");
  $("formula-error").hidden = true;
}

let typing = 0;
$("formula").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(newFormula, 250); });

async function newFormula() {
  state.formula = $("formula").value;
  state.centre = state.point.slice();
  state.steps = 0; state.path = null;
  try {
    await refreshContour();
    clearError();
    await refreshPoint();
  } catch (e) { showError(e); }
}

// ---------------------------------------------------------------- contour canvas ----
const canvas = $("contour"), ctx = canvas.getContext("2d");
const toPixel = (x, y) => [(x - state.centre[0] + state.radius) / (2 * state.radius) * canvas.width,
                           (state.centre[1] + state.radius - y) / (2 * state.radius) * canvas.height];
const toPoint = (px, py) => [state.centre[0] - state.radius + px / canvas.width * 2 * state.radius,
                             state.centre[1] + state.radius - py / canvas.height * 2 * state.radius];

const palette = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
function colour(t) {
  const s = Math.min(0.9999, Math.max(0, t)) * (palette.length - 1), i = Math.floor(s), f = s - i;
  return palette[i].map((c, k) => Math.round(c + f * (palette[i + 1][k] - c)));
}

async function refreshContour() {
  state.contour = await api("contour", { c: state.centre.join(","), radius: state.radius, n: 100 });
  state.names = state.contour.variables;
  drawContour();
}

function drawContour() {
  const c = state.contour;
  if (!c) return;
  const n = c.xs.length, m = c.ys.length, values = c.values.map(row => row.map(num));
  let lo = Infinity, hi = -Infinity;
  for (const row of values) for (const v of row) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  // Filled contours: the colour is banded into 14 levels between the smallest and largest value on the window.
  const image = ctx.createImageData(n, m), bands = 14;
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) {
    const v = values[j][i], at = 4 * ((m - 1 - j) * n + i);
    let rgb = [255, 255, 255];
    if (Number.isFinite(v)) {
      const band = hi > lo ? Math.floor((v - lo) / (hi - lo) * bands) / bands : 0.5;
      rgb = colour(band).map(x => Math.round(x * 0.55 + 255 * 0.45));
      if (c.within_linear[j][i] === "1") rgb = rgb.map(x => Math.round(x * 0.5 + 255 * 0.5));
    }
    image.data.set([...rgb, 255], at);
  }
  const tile = document.createElement("canvas");
  tile.width = n; tile.height = m;
  tile.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(tile, 0, 0, canvas.width, canvas.height);
  // The gradient field: directions from the server, lengths scaled so the longest arrow spans 80% of a cell.
  const longest = Math.max(1e-300, ...c.arrows.map(a => Math.hypot(a[2], a[3])));
  const cell = canvas.width / 15 * 0.8;
  ctx.strokeStyle = "rgba(60,60,60,.75)"; ctx.fillStyle = ctx.strokeStyle; ctx.lineWidth = 1.2;
  for (const [x, y, dx, dy] of c.arrows) {
    const [px, py] = toPixel(x, y), k = cell * Math.hypot(dx, dy) / longest;
    const len = Math.hypot(dx, dy) || 1;
    arrow(px, py, px + k * dx / len, py - k * dy / len, 4);
  }
  drawPath();
  drawPoint();
  const notes = [];
  if (num(c.undefined_fraction) > 0) notes.push(`f is undefined (NaN) on ${(100 * num(c.undefined_fraction)).toFixed(1)}% of the window: left blank`);
  notes.push(`window ${state.names[0]} ∈ [${fmt(state.centre[0] - state.radius)}, ${fmt(state.centre[0] + state.radius)}], ${state.names[1]} ∈ [${fmt(state.centre[1] - state.radius)}, ${fmt(state.centre[1] + state.radius)}]; f from ${fmt(lo)} to ${fmt(hi)}`);
  $("contour-note").textContent = notes.join("; ");
}

function arrow(x0, y0, x1, y1, head) {
  const a = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
  ctx.beginPath(); ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
  ctx.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
  ctx.closePath(); ctx.fill();
}

function drawPoint() {
  const [px, py] = toPixel(...state.point), r = state.report;
  if (r) {
    const g = r.gradient.map(num), norm = Math.hypot(g[0], g[1]);
    if (norm > 0 && Number.isFinite(norm)) {
      const k = 0.3 * canvas.width / norm, ux = g[0] * k, uy = -g[1] * k;
      ctx.setLineDash([6, 4]); ctx.strokeStyle = "#000"; ctx.lineWidth = 1.5;   // the level set's tangent line: ⟂ ∇f
      ctx.beginPath(); ctx.moveTo(px - uy, py + ux); ctx.lineTo(px + uy, py - ux); ctx.stroke(); ctx.setLineDash([]);
      ctx.lineWidth = 3;
      ctx.strokeStyle = ctx.fillStyle = "#d00"; arrow(px, py, px + ux, py + uy, 10);
      ctx.strokeStyle = ctx.fillStyle = "#00c"; arrow(px, py, px - ux, py - uy, 10);
    }
  }
  ctx.fillStyle = "#000"; ctx.beginPath(); ctx.arc(px, py, 7, 0, 2 * Math.PI); ctx.fill();
  ctx.fillStyle = "#fff"; ctx.beginPath(); ctx.arc(px, py, 3, 0, 2 * Math.PI); ctx.fill();
}

function drawPath() {
  const p = state.path;
  if (!p || p.iterates.length === 0) return;
  ctx.strokeStyle = ctx.fillStyle = "#e60"; ctx.lineWidth = 2;
  ctx.beginPath();
  p.iterates.forEach((x, k) => { const [px, py] = toPixel(num(x[0]), num(x[1])); k ? ctx.lineTo(px, py) : ctx.moveTo(px, py); });
  ctx.stroke();
  for (const x of p.iterates) { const [px, py] = toPixel(num(x[0]), num(x[1])); ctx.beginPath(); ctx.arc(px, py, 3, 0, 2 * Math.PI); ctx.fill(); }
}

// Dragging: one request at a time; the latest position waits while one is in flight.
let inFlight = false, pending = false;
function pointerPoint(e) { const b = canvas.getBoundingClientRect(); return toPoint(e.clientX - b.left, e.clientY - b.top); }
canvas.addEventListener("pointerdown", e => { state.dragging = true; canvas.setPointerCapture(e.pointerId); moveTo(pointerPoint(e)); });
canvas.addEventListener("pointermove", e => { if (state.dragging) moveTo(pointerPoint(e)); });
canvas.addEventListener("pointerup", e => { state.dragging = false; canvas.releasePointerCapture(e.pointerId); });

function moveTo(p) {
  state.point = p;
  state.path = null; state.steps = 0;
  drawContour();
  if (inFlight) { pending = true; return; }
  update();
}

async function update() {
  inFlight = true;
  try {
    do { pending = false; await Promise.all([refreshContour(), refreshPoint()]); } while (pending);
  } catch (e) { showError(e); }
  inFlight = false;
}

// ---------------------------------------------------------------- panel, angle, Taylor ----
async function refreshPoint() {
  $("busy").textContent = "computing…";
  const [report, angle, taylor] = await Promise.all([api("point", {}), api("angle", {}), api("taylor", {})]);
  state.report = report;
  showReport(report);
  drawAngle(angle);
  drawTaylor(taylor);
  drawContour();
  await refreshPath();
  $("busy").textContent = "";
}

function showReport(r) {
  $("panel-point").textContent = `(${r.variables.join(", ")}) = ${vec(r.point)}`;
  $("panel-value").textContent = fmt(r.value, 8);
  $("panel-gradient").textContent = vec(r.gradient);
  $("panel-norm").textContent = fmt(key(r, "gradient_norm", "gradientNorm"));
  const s = key(r, "steepest_ascent", "steepestAscent");
  $("panel-steepest").textContent = s.direction ? vec(s.direction) : "critical point: " + s.note;
  $("panel-hessian").textContent = r.hessian.map(row => "[" + row.map(v => fmt(v)).join(", ") + "]").join("\n");
  $("panel-eigenvalues").textContent = vec(r.eigenvalues) + "  (" + r.curvature + ")";
  $("panel-meaning").textContent = r.meaning;
  $("panel-kinks").textContent = r.kinks ? r.kinks.map(k => `${k.where}: ${k.convention}`).join("\n") : "none";
  $("panel-verdict").textContent = `${r.verdict}: ${r.reason}`;
  $("panel-verdict").className = r.verdict;
}

const svgNs = "http://www.w3.org/2000/svg";
function svgClear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }
function svgAdd(svg, name, attributes, text) {
  const e = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  svg.appendChild(e);
  return e;
}
function polyline(svg, xs, ys, sx, sy, style) {
  let d = "", pen = false;
  xs.forEach((x, k) => {
    const y = ys[k];
    if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; return; }   // a gap where the value is undefined
    d += (pen ? "L" : "M") + sx(x).toFixed(1) + " " + sy(y).toFixed(1);
    pen = true;
  });
  return svgAdd(svg, "path", { d, fill: "none", ...style });
}

function drawAngle(a) {
  const svg = $("angle"), W = +svg.getAttribute("width"), H = +svg.getAttribute("height"), pad = 32;
  svgClear(svg);
  const deg = a.theta.map(t => num(t) * 180 / Math.PI), m = a.measured.map(num), p = a.predicted.map(num);
  const top = Math.max(1e-12, ...m.filter(Number.isFinite).map(Math.abs), ...p.map(Math.abs)) * 1.1;
  const sx = x => pad + x / 360 * (W - 2 * pad), sy = y => H / 2 - y / top * (H / 2 - pad / 2);
  svgAdd(svg, "line", { x1: pad, x2: W - pad, y1: sy(0), y2: sy(0), stroke: "#999" });
  for (const t of [0, 90, 180, 270, 360]) svgAdd(svg, "text", { x: sx(t), y: H - 4, "text-anchor": "middle", "font-size": 11 }, t + "°");
  svgAdd(svg, "text", { x: 4, y: sy(top / 1.1) + 4, "font-size": 11 }, fmt(top / 1.1, 3));
  polyline(svg, deg, p, sx, sy, { stroke: "#00c", "stroke-width": 3 });
  polyline(svg, deg, m, sx, sy, { stroke: "#d00", "stroke-width": 2, "stroke-dasharray": "6 4" });
  const star = num(a.theta_star);
  if (Number.isFinite(star)) svgAdd(svg, "line", { x1: sx(star * 180 / Math.PI), x2: sx(star * 180 / Math.PI), y1: pad / 2, y2: H - pad / 2, stroke: "#000", "stroke-dasharray": "2 3" });
  $("angle-note").textContent = (a.coincide
    ? `they coincide (largest gap ${fmt(a.largest_gap, 2)}): one linear map predicts every direction`
    : `they differ by up to ${fmt(a.largest_gap)}: the directional derivatives are not one linear map's`)
    + (Number.isFinite(star) ? `; θ* = ${fmt(star * 180 / Math.PI)}°, |∇f| = ${fmt(a.gradient_norm)}` : "; ∇f = 0");
}

function drawTaylor(t) {
  const svg = $("taylor"), W = +svg.getAttribute("width"), H = +svg.getAttribute("height"), pad = 36;
  svgClear(svg);
  const series = [t.linear, t.quadratic].filter(s => s);
  const logs = s => s.r.map(num).map(r => r > 0 ? Math.log10(r) : NaN);
  const hs = t.linear.h.map(h => Math.log10(num(h)));
  const all = series.flatMap(logs).filter(Number.isFinite);
  const lo = Math.min(...all), hi = Math.max(...all), hmin = Math.min(...hs), hmax = Math.max(...hs);
  const sx = x => pad + (x - hmin) / (hmax - hmin) * (W - 2 * pad), sy = y => H - pad / 2 - (y - lo) / Math.max(1e-9, hi - lo) * (H - pad);
  for (const r of t.references) polyline(svg, r.h.map(h => Math.log10(num(h))), r.r.map(v => Math.log10(num(v))), sx, sy, { stroke: "#888", "stroke-dasharray": "2 3" });
  for (const r of t.references) svgAdd(svg, "text", { x: sx(Math.log10(num(r.h[1]))) + 2, y: Math.max(10, Math.min(H - 4, sy(Math.log10(num(r.r[1]))))), "font-size": 10, fill: "#666" }, "slope " + r.slope);
  const colours = ["#d00", "#00c"];
  series.forEach((s, k) => polyline(svg, hs, logs(s), sx, sy, { stroke: colours[k], "stroke-width": 2 }));
  svgAdd(svg, "text", { x: 4, y: 12, "font-size": 11 }, `r from 1e${Math.round(lo)} to 1e${Math.round(hi)}; h from 1e${Math.round(hmin)} to 1e${Math.round(hmax)}`);
  const order = s => Number.isFinite(num(s.order)) ? fmt(s.order, 3) : "at rounding level";
  $("taylor-note").textContent = `linear model (red): order ${order(t.linear)}, expected ${t.linear.expected_order}`
    + (t.quadratic ? `; quadratic model (blue): order ${order(t.quadratic)}, expected ${t.quadratic.expected_order}` : "");
}

// ---------------------------------------------------------------- gradient descent ----
const eta = () => Math.pow(10, +$("lr").value);
$("lr").addEventListener("input", () => { $("lr-value").textContent = "η = " + fmt(eta(), 3); refreshPath().catch(showError); });
$("step").addEventListener("click", () => { state.steps += 1; refreshPath().catch(showError); });
$("steps10").addEventListener("click", () => { state.steps += 10; refreshPath().catch(showError); });
$("clear-path").addEventListener("click", () => { state.steps = 0; refreshPath().catch(showError); });

async function refreshPath() {
  const p = await api("path", { lr: eta(), steps: state.steps });
  const bound = num(p.stable_bound);
  $("bound").textContent = Number.isFinite(bound) ? fmt(bound, 3) : "none (λmax ≤ 0)";
  state.path = state.steps > 0 ? p : null;
  const last = p.iterates[p.iterates.length - 1], f = num(p.values[p.values.length - 1]);
  const side = !Number.isFinite(bound) ? "" : eta() < bound ? "η < 2/λmax: the steps settle" : "η > 2/λmax: the steps overshoot and grow";
  $("path-status").textContent = state.steps === 0 ? side
    : `${p.iterates.length - 1} steps, last at ${vec(last)} with f = ${fmt(f)}${p.exploded ? " — exploded" : ""}; ${side}`;
  drawContour();
}

$("lr-value").textContent = "η = " + fmt(eta(), 3);
newFormula();
