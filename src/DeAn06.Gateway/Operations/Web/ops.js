// The operators' view: one server-sent event stream (/ops/api/stream) pushes the figures; the page
// patches only the rows that changed, so a click is never lost to a redraw. No framework, no CDN:
// the charts are SVG drawn here (a few dozen lines, where a chart library would be the bulk of the page).
"use strict";
(function () {
  const T = {
    vi: {
      title: "Bảng điều hành DeAn06", signOut: "Đăng xuất", syncTitle: "Đồng bộ, đối soát theo ngành và tỉnh",
      exportMd: "Tải báo cáo (Markdown)", exportCsv: "Tải CSV", group: "Ngành · tỉnh", policy: "Chính sách", matched: "Đã xác thực", rateCol: "Tỷ lệ",
      reasons: "Chưa khớp, theo lý do", noGroups: "Chưa có số liệu.", drillTitle: "Hồ sơ mẫu", job: "Lô", line: "Dòng",
      maskedId: "Số định danh (che)", differing: "Trường sai lệch", levels: "Mức khớp", jobsTitle: "Lô xác thực", status: "Trạng thái",
      progress: "Đã kiểm tra / nhận", rate: "Tốc độ", eta: "Còn lại", platformTitle: "Nền tảng", rps: "yêu cầu/giây", client: "Client",
      rateLimited: "Bị giới hạn (429)", upstreams: "Dịch vụ phía sau", seals: "Niêm phong nhật ký gần đây", results: "kết quả", errors: "lỗi",
      healthy: "bình thường", unhealthy: "không phản hồi", updated: "Cập nhật", perSecond: "/giây", upTo: "đến bản ghi",
      nodesTitle: "Các nút cổng (nhật ký riêng của từng nút)", node: "Nút", nodeHealth: "Tình trạng", entries: "Bản ghi", lastEntry: "Bản ghi mới nhất",
      sealedUpTo: "Đã niêm phong đến", lastSeal: "Niêm phong mới nhất", lastStart: "Khởi động lần cuối", thisNode: "nút này",
      node_active: "đang hoạt động", node_idle: "không có lưu lượng", node_stalled: "ngừng niêm phong (đã dừng?)",
      loginTitle: "Bảng điều hành DeAn06", loginHint: "Dành cho cán bộ vận hành: đăng nhập bằng mã và khóa bí mật của client vận hành.",
      clientId: "Mã client", clientSecret: "Khóa bí mật", signIn: "Đăng nhập",
      invalid: "Sai mã client hoặc khóa bí mật.", denied: "Client này không có quyền xem bảng điều hành (chỉ dành cho vận hành).",
      notChecked: "chưa kiểm tra được", circuit_realtime: "Cầu dao thời gian thực", circuit_batch: "Cầu dao xử lý lô",
      state_Closed: "đóng (bình thường)", state_Open: "mở (tạm ngừng gọi)", state_HalfOpen: "nửa mở (đang thử lại)", state_Isolated: "cô lập",
      status_Queued: "chờ", status_Running: "đang chạy", status_Completed: "xong", status_Failed: "lỗi",
      MATCH: "khớp", MISSING_ID: "chưa có số định danh cá nhân", MISMATCH: "thông tin cá nhân sai lệch", INVALID_ID: "số định danh không hợp lệ",
      NOT_FOUND: "không có trong CSDLQG về dân cư", DECEASED: "công dân đã chết", UPSTREAM_UNAVAILABLE: "chưa hỏi được CSDLQG", REJECTED: "dòng bị từ chối",
      EXACT: "trùng khớp", EQUIVALENT: "tương đương", NO_DIACRITICS: "khớp khi bỏ dấu", PARTIAL: "khớp một phần", FUZZY: "gần đúng", DIFFERENT: "khác", ABSENT: "không có",
      other: "English", threshold: "Ngưỡng mục tiêu (%)", range: "Khoảng thời gian", last7: "7 ngày gần nhất", last30: "30 ngày gần nhất", last365: "12 tháng gần nhất", all: "Toàn bộ",
      trendTitle: "Tỷ lệ khớp theo thời gian", tilesTitle: "Tỷ lệ khớp theo tỉnh", sector: "Ngành", grouping: "Đơn vị hành chính",
      grouping63: "63 tỉnh (mã trên số định danh)", grouping34: "34 tỉnh sau sắp xếp 2025 (NQ 202/2025/QH15)",
      atTarget: "đạt ngưỡng", nearTarget: "dưới ngưỡng < 1 điểm", belowTarget: "dưới ngưỡng", noData: "chưa có số liệu",
      filter: "Lọc", allStatuses: "tất cả", created: "Tạo lúc", finished: "Xong lúc", verdicts: "Kết quả", rejected: "Dòng bị từ chối",
      close: "Đóng", of: "trên", shown: "đang hiện", waitingUpstream: "chờ CSDLQG", notCompared: "không so sánh",
      errorRate5: "lỗi, 5 phút gần nhất", requestsChart: "Yêu cầu mỗi 10 giây (đỏ: lỗi)", latencyChart: "Độ trễ p50 / p95 / p99 (ms)",
      upstreamUnavailableCol: "CSDLQG không trả lời",
      popUp: "CSDLQG về dân cư: kết nối được", popDown: "CSDLQG về dân cư: KHÔNG kết nối được", since: "từ",
      verificationDown: "Dịch vụ xác thực không trả lời", waitingJobs: "lô chờ CSDLQG", noWaiting: "Không lô nào chờ CSDLQG",
      errorsLast: "lỗi 5 phút gần nhất", sessionRenews: "Phiên tự gia hạn, đến", sessionEnded: "Phiên đăng nhập đã kết thúc: số liệu trên trang không còn được cập nhật.",
      signInAgain: "Đăng nhập lại", includes: "gồm", noLines: "Không có dòng nào.", lines: "dòng",
    },
    en: {
      title: "DeAn06 operations", signOut: "Sign out", syncTitle: "Sync and match by sector and province",
      exportMd: "Download report (Markdown)", exportCsv: "Download CSV", group: "Sector · province", policy: "Policy", matched: "Matched", rateCol: "Rate",
      reasons: "Not matched, by reason", noGroups: "No figures yet.", drillTitle: "Sample records", job: "Job", line: "Line",
      maskedId: "ID (masked)", differing: "Fields that differ", levels: "Match levels", jobsTitle: "Batch jobs", status: "Status",
      progress: "Checked / accepted", rate: "Rate", eta: "ETA", platformTitle: "Platform", rps: "requests/s", client: "Client",
      rateLimited: "Rate-limited (429)", upstreams: "Upstream services", seals: "Recent message-log seals", results: "results", errors: "errors",
      healthy: "healthy", unhealthy: "not answering", updated: "Updated", perSecond: "/s", upTo: "up to entry",
      nodesTitle: "Gateway nodes (each keeps its own log)", node: "Node", nodeHealth: "Health", entries: "Entries", lastEntry: "Newest entry",
      sealedUpTo: "Sealed up to", lastSeal: "Newest seal", lastStart: "Last start", thisNode: "this node",
      node_active: "active", node_idle: "no traffic", node_stalled: "stopped sealing (down?)",
      loginTitle: "DeAn06 operations", loginHint: "For platform operators: sign in with the operator client's id and secret.",
      clientId: "Client id", clientSecret: "Client secret", signIn: "Sign in",
      invalid: "Unknown client or wrong secret.", denied: "This client may not see the operations view (operators only).",
      notChecked: "not checked", circuit_realtime: "Real-time breaker", circuit_batch: "Batch breaker",
      state_Closed: "closed (normal)", state_Open: "open (calls paused)", state_HalfOpen: "half-open (trying again)", state_Isolated: "isolated",
      status_Queued: "queued", status_Running: "running", status_Completed: "done", status_Failed: "failed",
      MATCH: "match", MISSING_ID: "no personal ID number", MISMATCH: "personal information differs", INVALID_ID: "invalid ID number",
      NOT_FOUND: "not in the population DB", DECEASED: "deceased", UPSTREAM_UNAVAILABLE: "population DB not reached", REJECTED: "rejected line",
      EXACT: "exact", EQUIVALENT: "equivalent", NO_DIACRITICS: "equal without tone marks", PARTIAL: "partial", FUZZY: "fuzzy", DIFFERENT: "different", ABSENT: "absent",
      other: "Tiếng Việt", threshold: "Target (%)", range: "Time range", last7: "Last 7 days", last30: "Last 30 days", last365: "Last 12 months", all: "All",
      trendTitle: "Match rate over time", tilesTitle: "Match rate by province", sector: "Sector", grouping: "Provinces",
      grouping63: "63 provinces (ID codes)", grouping34: "34 provinces after the 2025 merger (Resolution 202/2025/QH15)",
      atTarget: "at target", nearTarget: "below by < 1 point", belowTarget: "below target", noData: "no figures",
      filter: "Filter", allStatuses: "all", created: "Created", finished: "Finished", verdicts: "Verdicts", rejected: "Rejected lines",
      close: "Close", of: "of", shown: "shown", waitingUpstream: "waiting for the population DB", notCompared: "not compared",
      errorRate5: "errors, last 5 minutes", requestsChart: "Requests per 10 s (red: failures)", latencyChart: "Latency p50 / p95 / p99 (ms)",
      upstreamUnavailableCol: "Population DB not reached",
      popUp: "Population DB: reachable", popDown: "Population DB: NOT reachable", since: "since",
      verificationDown: "Verification service not answering", waitingJobs: "jobs waiting for the population DB", noWaiting: "No job waiting for the population DB",
      errorsLast: "errors, last 5 minutes", sessionRenews: "Session renews itself, until", sessionEnded: "Your session has ended: the figures on this page are no longer updated.",
      signInAgain: "Sign in again", includes: "includes", noLines: "No lines.", lines: "lines",
    },
  };
  const REASONS = ["MISSING_ID", "MISMATCH", "INVALID_ID", "NOT_FOUND", "DECEASED"];
  const COLOURS = ["#0b57d0", "#b3261e", "#1e7d32", "#8e24aa", "#b26a00", "#00838f", "#5d4037", "#c2185b"];
  let lang = localStorage.getItem("dean06.lang") || "vi";
  let names = { sectors: {}, provinces: {}, provinces2025: [] };
  let state = { statistics: [], days: [], jobs: [], circuits: {}, platform: null, seals: [], populationDb: null };
  let nodes = null, nodesAt = 0;
  let drill = null, view = null, stream = null, renewTimer = null, ended = false, sessionUntil = null;
  const sorts = {};
  const t = (k) => (T[lang][k] ?? k);
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  // The reports' format: dot for thousands, comma for decimals, percentage cut (not rounded) to two decimals.
  const count = (n) => String(n ?? 0).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const hundredths = (part, whole) => Math.floor((part * 10000) / whole);
  const percent = (part, whole) => {
    if (!whole) return "—";
    const h = hundredths(part, whole);
    return `${Math.floor(h / 100)},${String(h % 100).padStart(2, "0")} %`;
  };
  const rateOf = (part, whole) => (whole ? hundredths(part, whole) / 100 : null);
  const threshold = () => { const v = parseFloat($("threshold").value); return Number.isFinite(v) ? v : 99; };
  // dd/MM HH:mm:ss in both languages, as the reports write dates (the browser's vi-VN would give "07:33:28 02-12").
  const two = (n) => String(n).padStart(2, "0");
  const time = (iso) => {
    if (!iso) return "—";
    const d = new Date(iso);
    return `${two(d.getDate())}/${two(d.getMonth() + 1)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  };
  const clock = (iso) => { const d = new Date(iso); return `${two(d.getHours())}:${two(d.getMinutes())}`; };
  const provinceName = (code) => names.provinces[String(code).padStart(2, "0")] || code;
  const sectorName = (code) => names.sectors[code] || code;
  const subject = (sector, province) => `${sectorName(sector)} ${provinceName(province)}`;

  function translate() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((e) => { e.textContent = t(e.dataset.t); });
    const l = $("lang");
    if (l) l.textContent = t("other");
  }

  function bindLanguage(redraw) {
    const l = $("lang");
    if (!l) return;
    l.addEventListener("click", (e) => {
      e.preventDefault();
      lang = lang === "vi" ? "en" : "vi";
      localStorage.setItem("dean06.lang", lang);
      translate();
      redraw();
    });
  }

  async function get(path) {
    const r = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (r.status === 401) { sessionEnded(); throw new Error("signed out"); }
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r;
  }

  // Rows keyed by data-key: a row whose markup did not change is left alone (and keeps focus, hover
  // and any click in flight); changed rows get new cells; clicks are handled on the table (delegation).
  function patchRows(tbody, rows) {
    const existing = new Map([...tbody.children].map((tr) => [tr.dataset.key, tr]));
    let previous = null;
    for (const row of rows) {
      let tr = existing.get(row.key);
      if (!tr) { tr = document.createElement("tr"); tr.dataset.key = row.key; }
      existing.delete(row.key);
      for (const [k, v] of Object.entries(row.data || {})) if (tr.dataset[k] !== String(v)) tr.dataset[k] = v;
      tr.classList.toggle("below", !!row.below);
      if (tr.__html !== row.html) { tr.innerHTML = row.html; tr.__html = row.html; }
      const next = previous ? previous.nextSibling : tbody.firstChild;
      if (next !== tr) tbody.insertBefore(tr, next);
      previous = tr;
    }
    existing.forEach((tr) => tr.remove());
  }

  function sortRows(table, rows) {
    const s = sorts[table];
    if (!s) return rows;
    return [...rows].sort((a, b) => {
      const x = a.sort[s.key], y = b.sort[s.key];
      const c = x == null ? 1 : y == null ? -1 : typeof x === "number" ? x - y : String(x).localeCompare(String(y), "vi");
      return s.dir * c;
    });
  }

  function bindSorting(redraw) {
    document.querySelectorAll("table.sortable").forEach((table) => {
      table.querySelector("thead").addEventListener("click", (e) => {
        const th = e.target.closest("th[data-sort]");
        if (!th) return;
        const current = sorts[table.id];
        sorts[table.id] = { key: th.dataset.sort, dir: current && current.key === th.dataset.sort ? -current.dir : 1 };
        table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", sorts[table.id].dir > 0 ? "ascending" : "descending");
        redraw();
      });
    });
  }

  function renderStatus() {
    const p = state.populationDb, strip = $("status");
    if (!p) return;
    const down = !p.reachable || !p.verificationAnswering;
    strip.classList.toggle("alarm", down);
    document.body.dataset.upstream = down ? "down" : "up";
    const pop = $("st-popdb");
    pop.className = "pill " + (down ? "bad" : "ok");
    pop.textContent = !p.verificationAnswering ? t("verificationDown") : `${t(p.reachable ? "popUp" : "popDown")} ${t("since")} ${time(p.since)}`;
    $("circuits").innerHTML = Object.entries(state.circuits || {}).map(([k, v]) =>
      `<li class="${v === "Closed" ? "ok" : "bad"}" data-circuit="${esc(k)}">${esc(t("circuit_" + k))}: ${esc(t("state_" + v))}</li>`).join("");
    const waiting = (state.jobs || []).filter((j) => j.waitingForUpstream && (j.status === "Running" || j.status === "Queued")).length;
    const w = $("st-waiting");
    w.className = "pill " + (waiting ? "bad" : "ok");
    w.textContent = waiting ? `${waiting} ${t("waitingJobs")}` : t("noWaiting");
    const recent = state.platform && state.platform.recent;
    const e = $("st-errors");
    const rate = recent && recent.requests ? (recent.failures * 100) / recent.requests : 0;
    e.className = "pill " + (rate >= 5 ? "bad" : rate > 0 ? "warn" : "ok");
    e.textContent = `${rate.toFixed(1).replace(".", lang === "vi" ? "," : ".")} % ${t("errorsLast")}`;
    $("upstreams").innerHTML = (state.platform ? state.platform.upstreams : []).map((u) =>
      `<li class="${u.healthy ? "ok" : "bad"}">${esc(u.cluster)} / ${esc(u.destination)}: ${esc(t(u.healthy ? "healthy" : "unhealthy"))}</li>`).join("");
  }

  function renderGroups() {
    const groups = state.statistics || [];
    $("no-groups").hidden = groups.length > 0;
    const target = threshold();
    const rows = groups.map((g) => {
      const label = subject(g.sector, g.province);
      const rate = rateOf(g.matched, g.total);
      const reasons = REASONS.filter((v) => g.byVerdict[v] > 0)
        .map((v) => `<a href="#" class="reason" data-verdict="${v}" data-sector="${esc(g.sector)}" data-province="${esc(g.province)}" data-n="${g.byVerdict[v]}">${count(g.byVerdict[v])} ${esc(t(v))}</a>`);
      if (g.notChecked > 0) reasons.push(`<span class="muted">${count(g.notChecked)} ${esc(t("notChecked"))}</span>`);
      return {
        key: `${g.sector}-${g.province}`, data: { group: `${g.sector}-${g.province}` }, below: rate != null && rate < target,
        sort: { label, policy: g.policy, total: g.total, rate },
        html: `<td>${esc(label)}</td><td>${esc(g.policy)}</td><td class="figure">${count(g.matched)}/${count(g.total)} · ${percent(g.matched, g.total)}</td>` +
          `<td class="num rate">${percent(g.matched, g.total)}</td><td>${reasons.join("<br>") || "—"}</td>`,
      };
    });
    patchRows($("groups").querySelector("tbody"), sortRows("groups", rows));
  }

  // Match rate per day, one line per sector and province, over the chosen range, with the target as a dashed line.
  function renderRateChart() {
    const days = (state.days || []).filter((d) => d.day);
    const range = parseInt($("range").value, 10);
    const all = [...new Set(days.map((d) => d.day))].sort();
    const last = all[all.length - 1];
    const from = range && last ? new Date(Date.parse(last) - (range - 1) * 86400000).toISOString().slice(0, 10) : "";
    const span = all.filter((d) => d >= from);
    const keys = [...new Set(days.map((d) => `${d.sector}-${d.province}`))].sort();
    const target = threshold();
    if (span.length === 0) { $("rate-chart").innerHTML = `<p class="muted">${esc(t("noGroups"))}</p>`; return; }
    const series = keys.map((k) => days.filter((d) => `${d.sector}-${d.province}` === k && d.day >= from && d.total > 0)
      .map((d) => ({ day: d.day, rate: rateOf(d.matched, d.total), label: subject(d.sector, d.province) })));
    const rates = series.flat().map((p) => p.rate);
    const min = Math.max(0, Math.floor(Math.min(target - 1, ...rates)));
    const W = 760, H = 240, L = 44, R = 10, TOP = 10, B = 28;
    const x = (day) => L + (span.length === 1 ? (W - L - R) / 2 : (span.indexOf(day) * (W - L - R)) / (span.length - 1));
    const y = (r) => TOP + ((100 - r) / Math.max(100 - min, 0.01)) * (H - TOP - B);
    let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(t("trendTitle"))}">`;
    for (let i = 0; i <= 4; i++) {
      const r = min + ((100 - min) * i) / 4;
      svg += `<line class="axis" x1="${L}" x2="${W - R}" y1="${y(r)}" y2="${y(r)}"/><text x="${L - 4}" y="${y(r) + 4}" text-anchor="end">${r.toFixed(r % 1 ? 1 : 0)}</text>`;
    }
    const labels = span.length <= 8 ? span : span.filter((_, i) => i % Math.ceil(span.length / 8) === 0);
    labels.forEach((d) => { svg += `<text x="${x(d)}" y="${H - 8}" text-anchor="middle">${d.slice(8, 10)}/${d.slice(5, 7)}</text>`; });
    svg += `<line class="target" x1="${L}" x2="${W - R}" y1="${y(target)}" y2="${y(target)}"><title>${target} %</title></line>`;
    series.forEach((points, i) => {
      if (!points.length) return;
      const c = COLOURS[i % COLOURS.length];
      svg += `<path class="series" stroke="${c}" d="${points.map((p, j) => `${j ? "L" : "M"}${x(p.day).toFixed(1)},${y(p.rate).toFixed(1)}`).join(" ")}"/>`;
      svg += points.map((p) => `<circle cx="${x(p.day).toFixed(1)}" cy="${y(p.rate).toFixed(1)}" r="3" fill="${c}"><title>${esc(p.label)} ${p.day}: ${p.rate} %</title></circle>`).join("");
    });
    svg += "</svg>";
    const legend = keys.map((k, i) => series[i].length ? `<li data-series="${esc(k)}"><i class="swatch-${i % COLOURS.length}"></i>${esc(series[i][0].label)}</li>` : "").join("");
    $("rate-chart").innerHTML = svg + `<ul class="legend-list">${legend}</ul>`;
    // Colours through the DOM: the CSP refuses style attributes in markup.
    $("rate-chart").querySelectorAll(".legend-list i").forEach((el) => { el.style.background = COLOURS[parseInt(el.className.slice(7), 10)]; });
  }

  function tileClass(rate) {
    if (rate == null) return "none";
    const target = threshold();
    return rate >= target ? "good" : rate >= target - 1 ? "near" : "low";
  }

  function renderTiles() {
    const groups = state.statistics || [];
    const select = $("tile-sector");
    const sectors = [...new Set(groups.map((g) => g.sector))].sort();
    const options = sectors.map((s) => `<option value="${esc(s)}">${esc(sectorName(s))}</option>`).join("");
    if (select.__options !== options) { const keep = select.value; select.innerHTML = options; select.__options = options; if (sectors.includes(keep)) select.value = keep; }
    const sector = select.value;
    const byProvince = {};
    groups.filter((g) => g.sector === sector).forEach((g) => { byProvince[String(g.province).padStart(2, "0")] = g; });
    let tiles;
    if ($("tile-grouping").value === "34") {
      tiles = names.provinces2025.map((p) => {
        const parts = p.old.map((o) => byProvince[o]).filter(Boolean);
        const matched = parts.reduce((a, g) => a + g.matched, 0), total = parts.reduce((a, g) => a + g.total, 0);
        return { code: p.code, name: p.name, matched, total, note: p.old.length > 1 ? `${t("includes")} ${p.old.map((o) => names.provinces[o]).join(", ")}` : "" };
      });
    } else {
      tiles = Object.entries(names.provinces).map(([code, name]) => ({ code, name, matched: byProvince[code]?.matched || 0, total: byProvince[code]?.total || 0, note: "" }));
    }
    $("tiles").innerHTML = tiles.map((p) => {
      const rate = rateOf(p.matched, p.total);
      return `<div class="tile ${tileClass(rate)}" data-province="${esc(p.code)}" title="${esc(p.name)}${p.note ? " — " + esc(p.note) : ""}"><span>${esc(p.name)}</span>` +
        `<b>${p.total ? percent(p.matched, p.total) : "—"}</b>${p.note ? `<small>${esc(p.note)}</small>` : ""}</div>`;
    }).join("");
  }

  function verdictCounts(counts) {
    return Object.entries(counts || {}).filter(([, n]) => n > 0).map(([v, n]) => `<span data-verdict="${esc(v)}">${esc(t(v))}: ${count(n)}</span>`).join("<br>") || "—";
  }

  function renderJobs() {
    const filter = $("job-filter").value.trim().toLowerCase(), status = $("job-status").value;
    const jobs = (state.jobs || []).filter((j) => (!status || j.status === status) &&
      (!filter || `${j.jobId} ${subject(j.sector, j.province)} ${j.sector}`.toLowerCase().includes(filter)));
    $("jobs-count").textContent = `${jobs.length} ${t("of")} ${(state.jobs || []).length}`;
    const rows = jobs.map((j) => {
      const accepted = j.accepted ?? j.total, checked = j.checked ?? j.done;
      const pct = accepted ? Math.floor((checked * 100) / accepted) : j.status === "Completed" ? 100 : 0;
      const waiting = j.waitingForUpstream && j.status !== "Completed" && j.status !== "Failed";
      const links = `<button type="button" class="link" data-view="errors" data-sector="${esc(j.sector)}" data-job="${esc(j.jobId)}">${esc(t("errors"))}</button>` +
        (j.status === "Completed" ? ` <button type="button" class="link" data-view="results" data-sector="${esc(j.sector)}" data-job="${esc(j.jobId)}">${esc(t("results"))}</button>` : "");
      const notCompared = (j.notCompared || []).length ? `<br><small class="muted">${esc(t("notCompared"))}: ${esc(j.notCompared.join(", "))}</small>` : "";
      return {
        key: j.jobId, data: { job: j.jobId, status: j.status, waiting: waiting ? "true" : "false" },
        sort: { jobId: j.jobId, label: subject(j.sector, j.province), status: j.status, createdAt: j.createdAt, completedAt: j.completedAt, checked, rejected: j.rejected },
        html: `<td>${esc(j.jobId)}<br>${links}</td><td>${esc(subject(j.sector, j.province))}</td><td class="status">${esc(t("status_" + j.status))}</td>` +
          `<td class="num">${time(j.createdAt)}</td><td class="num">${time(j.completedAt)}</td>` +
          `<td class="num"><div class="bar"><div data-pct="${pct}"></div></div><span class="done">${count(checked)}/${count(accepted)}</span>${notCompared}</td>` +
          `<td class="verdicts">${verdictCounts(j.counts)}</td><td class="num rejected">${count(j.rejected)}</td>` +
          (waiting ? `<td class="waiting" colspan="2">${esc(t("waitingUpstream"))}</td>`
            : `<td class="num">${j.ratePerSecond ? count(Math.round(j.ratePerSecond)) + t("perSecond") : "—"}</td><td class="num">${j.status === "Running" && j.etaSeconds != null ? Math.ceil(j.etaSeconds) + " s" : "—"}</td>`),
      };
    });
    patchRows($("jobs").querySelector("tbody"), sortRows("jobs", rows));
    // Widths through the DOM, not a style attribute in the markup, which the page's CSP refuses.
    $("jobs").querySelectorAll(".bar > div[data-pct]").forEach((d) => { const w = `${d.dataset.pct}%`; if (d.style.width !== w) d.style.width = w; });
  }

  function bars(points, W, H, L, B) {
    const max = Math.max(1, ...points.map((p) => p.requests));
    const bw = (W - L) / points.length;
    const y = (v) => H - B - (v / max) * (H - B - 8);
    let svg = `<svg viewBox="0 0 ${W} ${H}" role="img"><line class="axis" x1="${L}" x2="${W}" y1="${H - B}" y2="${H - B}"/><text x="${L - 4}" y="14" text-anchor="end">${count(max)}</text><text x="${L - 4}" y="${H - B}" text-anchor="end">0</text>`;
    points.forEach((p, i) => {
      if (!p.requests) return;
      svg += `<rect class="req" x="${(L + i * bw).toFixed(1)}" y="${y(p.requests).toFixed(1)}" width="${Math.max(bw - 0.5, 0.5).toFixed(2)}" height="${(H - B - y(p.requests)).toFixed(1)}"><title>${clock(p.at)}: ${p.requests}</title></rect>`;
      if (p.failures) svg += `<rect class="fail" x="${(L + i * bw).toFixed(1)}" y="${y(p.failures).toFixed(1)}" width="${Math.max(bw - 0.5, 0.5).toFixed(2)}" height="${(H - B - y(p.failures)).toFixed(1)}"/>`;
    });
    if (points.length) svg += `<text x="${L}" y="${H - 6}">${clock(points[0].at)}</text><text x="${W}" y="${H - 6}" text-anchor="end">${clock(points[points.length - 1].at)}</text>`;
    return svg + "</svg>";
  }

  function latency(points, W, H, L, B) {
    const values = points.flatMap((p) => [p.p50Ms, p.p95Ms, p.p99Ms]).filter((v) => v != null);
    const max = Math.max(1, ...values);
    const x = (i) => L + (i * (W - L)) / Math.max(points.length - 1, 1);
    const y = (v) => H - B - (v / max) * (H - B - 8);
    let svg = `<svg viewBox="0 0 ${W} ${H}" role="img"><line class="axis" x1="${L}" x2="${W}" y1="${H - B}" y2="${H - B}"/><text x="${L - 4}" y="14" text-anchor="end">${max.toFixed(0)}</text><text x="${L - 4}" y="${H - B}" text-anchor="end">0</text>`;
    [["p50Ms", COLOURS[2]], ["p95Ms", COLOURS[4]], ["p99Ms", COLOURS[1]]].forEach(([k, c]) => {
      const d = points.map((p, i) => (p[k] == null ? null : `${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`)).filter(Boolean);
      if (d.length) svg += `<path class="series" data-q="${k}" stroke="${c}" d="M${d.join(" L")}"/>`;
    });
    if (points.length) svg += `<text x="${L}" y="${H - 6}">${clock(points[0].at)}</text><text x="${W}" y="${H - 6}" text-anchor="end">${clock(points[points.length - 1].at)}</text>`;
    return svg + "</svg>";
  }

  function renderPlatform() {
    const g = state.platform;
    if (!g) return;
    const traffic = g.traffic || [];
    const lastFull = traffic[traffic.length - 2];
    $("rps").textContent = lastFull ? (lastFull.requests / 10).toFixed(1).replace(".", lang === "vi" ? "," : ".") : "–";
    // Milliseconds with the page language's decimal mark (38,6 in Vietnamese), like every other figure.
    const ms = (v) => (v == null ? "–" : String(v).replace(".", lang === "vi" ? "," : "."));
    $("p50").textContent = ms(g.p50Ms); $("p95").textContent = ms(g.p95Ms); $("p99").textContent = ms(g.p99Ms);
    $("errrate").textContent = g.recent && g.recent.requests ? percent(g.recent.failures, g.recent.requests) : "–";
    const recent = traffic.slice(-90); // the last 15 minutes
    $("requests-chart").innerHTML = bars(recent, 480, 150, 40, 20);
    $("latency-chart").innerHTML = latency(recent, 480, 150, 40, 20);
    const rows = g.clients.map((c) => ({
      key: c.client, sort: c,
      html: `<td>${esc(c.client)}</td><td class="num">${count(c.ok)}</td><td class="num">${count(c.upstreamUnavailable)}</td><td class="num">${count(c.clientErrors)}</td><td class="num">${count(c.serverErrors)}</td><td class="num">${count(c.rateLimited)}</td>`,
    }));
    patchRows($("clients").querySelector("tbody"), sortRows("clients", rows));
    $("seals").innerHTML = (state.seals || []).map((s) =>
      `<li>${time(s.sealedAt)} · ${esc(t("upTo"))} ${count(s.upToEntry)} · ${esc(s.kid)}</li>`).join("");
  }

  // Each gateway node's chain (/ops/api/nodes). A node seals its new entries every sealInterval: one
  // whose entries stay unsealed for three intervals has stopped (killed, or lost its log).
  function nodeHealth(n, sealSeconds) {
    const age = (iso) => (iso ? (Date.now() - new Date(iso).getTime()) / 1000 : Infinity);
    if (n.entries > n.sealedUpTo && age(n.lastEntryAt) > 3 * sealSeconds + 5) return "stalled";
    return age(n.lastEntryAt) < 60 ? "active" : "idle";
  }

  function renderNodes() {
    if (!nodes) return;
    const rows = nodes.nodes.map((n) => {
      const health = nodeHealth(n, nodes.sealIntervalSeconds);
      return {
        key: n.node, data: { node: n.node },
        html: `<td>${esc(n.node)}${n.node === nodes.self ? ` <small class="muted">(${esc(t("thisNode"))})</small>` : ""}</td>` +
          `<td class="node-${health}" data-health="${health}">${esc(t("node_" + health))}</td><td class="num">${count(n.entries)}</td><td>${time(n.lastEntryAt)}</td>` +
          `<td class="num">${count(n.sealedUpTo)}</td><td>${time(n.lastSealAt)}</td><td>${time(n.lastStartedAt)}</td>`,
      };
    });
    patchRows($("nodes").querySelector("tbody"), rows);
  }

  // Fetched at most every 10 s, on the stream's snapshots: a node's figures move with its seals.
  async function refreshNodes() {
    if (Date.now() - nodesAt < 10000) return;
    nodesAt = Date.now();
    try { nodes = await (await get("/ops/api/nodes")).json(); } catch (e) { return; }
    renderNodes();
    document.body.dataset.nodes = String(nodes.nodes.length);
  }

  function renderSamples() {
    if (!drill) return;
    $("drill").hidden = false;
    $("drill-what").textContent = `${t(drill.verdict)} · ${subject(drill.sector, drill.province)}`;
    $("drill-count").textContent = `${count(drill.samples.length)} ${t("of")} ${count(drill.n)}`;
    $("samples").querySelector("tbody").innerHTML = drill.samples.map((s) => {
      const r = s.result;
      const levels = Object.entries(r.fields || {}).map(([k, v]) => `${esc(k)}: ${esc(t(v.level))}`).join(", ");
      return `<tr><td>${esc(s.jobId)}</td><td>${r.line ?? ""}</td><td>${esc(r.maHoSo)}</td><td>${esc(r.maskedId ?? "—")}</td>` +
        `<td>${esc((r.differing || []).join(", ") || "—")}</td><td>${levels || esc(r.idRule || r.reason || "—")}</td></tr>`;
    }).join("");
  }

  // A job's results or errors on the page: the NDJSON read into a table (first 200 lines).
  function renderJobView() {
    if (!view) return;
    $("job-view").hidden = false;
    $("job-view-what").textContent = `${t(view.part)} · ${view.jobId}`;
    $("job-view-count").textContent = `${count(Math.min(view.lines.length, 200))} ${t("of")} ${count(view.lines.length)} ${t("lines")}`;
    const shown = view.lines.slice(0, 200);
    const cols = [...new Set(shown.flatMap((l) => Object.keys(l)))].filter((k) => k !== "fields");
    $("job-lines").querySelector("thead").innerHTML = `<tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}${shown.some((l) => l.fields) ? `<th>${esc(t("levels"))}</th>` : ""}</tr>`;
    $("job-lines").querySelector("tbody").innerHTML = shown.length === 0 ? `<tr><td>${esc(t("noLines"))}</td></tr>` : shown.map((l) =>
      `<tr>${cols.map((c) => `<td>${esc(c === "verdict" ? `${l[c]} (${t(l[c])})` : typeof l[c] === "object" ? JSON.stringify(l[c]) : l[c])}</td>`).join("")}` +
      (l.fields ? `<td>${Object.entries(l.fields).map(([k, v]) => `${esc(k)}: ${esc(t(v.level))}`).join(", ")}</td>` : "") + "</tr>").join("");
  }

  function renderSession() {
    $("session").textContent = sessionUntil && !ended ? `${t("sessionRenews")} ${clock(sessionUntil)}` : "";
  }

  function redraw() {
    renderSession(); renderStatus(); renderGroups(); renderRateChart(); renderTiles(); renderJobs(); renderPlatform(); renderNodes(); renderSamples(); renderJobView();
  }

  function bindClicks() {
    $("groups").addEventListener("click", async (e) => {
      const a = e.target.closest("a.reason");
      if (!a) return;
      e.preventDefault();
      const q = new URLSearchParams({ verdict: a.dataset.verdict, sector: a.dataset.sector, province: a.dataset.province, limit: "20" });
      const samples = await (await get("/ops/api/samples?" + q)).json();
      drill = { verdict: a.dataset.verdict, sector: a.dataset.sector, province: a.dataset.province, n: parseInt(a.dataset.n, 10), samples };
      renderSamples();
      $("drill").scrollIntoView({ behavior: "smooth" });
    });
    $("drill-close").addEventListener("click", () => { drill = null; $("drill").hidden = true; });
    $("jobs").addEventListener("click", async (e) => {
      const b = e.target.closest("button[data-view]");
      if (!b) return;
      const text = await (await get(`/ops/api/jobs/${encodeURIComponent(b.dataset.sector)}/${encodeURIComponent(b.dataset.job)}/${b.dataset.view}`)).text();
      view = { part: b.dataset.view, jobId: b.dataset.job, lines: text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)) };
      renderJobView();
      $("job-view").scrollIntoView({ behavior: "smooth" });
    });
    $("job-view-close").addEventListener("click", () => { view = null; $("job-view").hidden = true; });
    $("threshold").value = localStorage.getItem("dean06.threshold") || "99";
    $("threshold").addEventListener("input", () => { localStorage.setItem("dean06.threshold", $("threshold").value); redraw(); });
    ["range", "tile-sector", "tile-grouping", "job-status"].forEach((id) => $(id).addEventListener("change", redraw));
    $("job-filter").addEventListener("input", renderJobs);
  }

  function sessionEnded() {
    ended = true;
    if (stream) stream.close();
    clearTimeout(renewTimer);
    $("session-ended").hidden = false;
    $("session").textContent = "";
    document.body.dataset.session = "ended";
  }

  // The cookie's token is short-lived: renew it at half its lifetime while the page is open.
  async function renew() {
    if (ended) return false;
    let r;
    try {
      r = await fetch("/ops/api/session", { method: "POST", credentials: "same-origin" });
    } catch (e) {
      renewTimer = setTimeout(renew, 10000); // the gateway is restarting: try again shortly
      return false;
    }
    if (r.status === 401 || r.status === 403) { sessionEnded(); return false; }
    if (!r.ok) { renewTimer = setTimeout(renew, 10000); return false; }
    const s = await r.json();
    sessionUntil = s.expiresAt;
    renderSession();
    document.body.dataset.session = "active";
    clearTimeout(renewTimer);
    renewTimer = setTimeout(renew, Math.max(5, s.lifetimeSeconds / 2) * 1000);
    return true;
  }

  function connect() {
    if (ended) return;
    stream = new EventSource("/ops/api/stream");
    stream.addEventListener("snapshot", (e) => {
      state = { ...state, ...JSON.parse(e.data) };
      state.statistics = state.statistics || []; state.jobs = state.jobs || [];
      redraw();
      $("updated").textContent = `${t("updated")} ${new Date().toLocaleTimeString(lang === "vi" ? "vi-VN" : "en-GB")}`;
      document.body.dataset.loaded = "true";
      document.body.dataset.snapshots = String((parseInt(document.body.dataset.snapshots || "0", 10)) + 1);
      refreshNodes();
    });
    // The stream's cookie expired: renew, then reconnect with the new one (or say the session ended).
    stream.addEventListener("ended", async () => { stream.close(); if (await renew()) connect(); });
    stream.addEventListener("error", async () => {
      if (stream.readyState === EventSource.CLOSED && !ended) { if (await renew()) setTimeout(connect, 2000); }
    });
  }

  const script = document.currentScript;
  window.DeAn06Ops = {
    async start() {
      translate();
      bindLanguage(redraw);
      bindSorting(redraw);
      bindClicks();
      try { names = await (await get("/ops/api/names")).json(); } catch (e) { /* codes instead of names */ }
      await renew();
      connect();
    },
    renew,
    login() {
      translate();
      const error = new URLSearchParams(location.search).get("error");
      const show = () => { if (error) { $("error").hidden = false; $("error").textContent = t(error === "denied" ? "denied" : "invalid"); } };
      show();
      bindLanguage(show);
    },
  };
  // Started by the script tag's data-page: the page's CSP allows no inline script.
  const page = script && script.dataset.page;
  if (page === "start" || page === "login") window.DeAn06Ops[page]();
})();
