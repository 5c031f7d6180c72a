// The operators' view: polls the gateway's /ops/api every 2 s and redraws; no framework, no CDN.
"use strict";
(function () {
  const T = {
    vi: {
      title: "Bảng điều hành DeAn06", signOut: "Đăng xuất", syncTitle: "Đồng bộ, đối soát theo ngành và tỉnh",
      exportMd: "Tải báo cáo (Markdown)", exportCsv: "Tải CSV", group: "Ngành · tỉnh", policy: "Chính sách", matched: "Đã xác thực",
      reasons: "Chưa khớp, theo lý do", trend: "Tỷ lệ theo ngày", noGroups: "Chưa có số liệu.", drillTitle: "Hồ sơ mẫu", job: "Lô", line: "Dòng",
      maskedId: "Số định danh (che)", differing: "Trường sai lệch", levels: "Mức khớp", jobsTitle: "Lô xác thực", status: "Trạng thái",
      progress: "Tiến độ", rate: "Tốc độ", eta: "Còn lại", platformTitle: "Nền tảng", rps: "yêu cầu/giây", client: "Client",
      rateLimited: "Bị giới hạn (429)", upstreams: "Dịch vụ phía sau", seals: "Niêm phong nhật ký gần đây", results: "kết quả", errors: "lỗi",
      healthy: "bình thường", unhealthy: "không phản hồi", updated: "Cập nhật", perSecond: "/giây", entries: "bản ghi", upTo: "đến bản ghi",
      loginTitle: "Bảng điều hành DeAn06", loginHint: "Dành cho cán bộ vận hành: đăng nhập bằng mã và khóa bí mật của client vận hành.",
      clientId: "Mã client", clientSecret: "Khóa bí mật", signIn: "Đăng nhập",
      invalid: "Sai mã client hoặc khóa bí mật.", denied: "Client này không có quyền xem bảng điều hành (chỉ dành cho vận hành).",
      notChecked: "chưa kiểm tra được", circuits: "Cầu dao tới CSDLQG về dân cư (dịch vụ xác thực)",
      circuit_realtime: "thời gian thực", circuit_batch: "xử lý lô", state_Closed: "đóng (bình thường)", state_Open: "mở (tạm ngừng gọi)",
      state_HalfOpen: "nửa mở (đang thử lại)", state_Isolated: "cô lập",
      status_Queued: "chờ", status_Running: "đang chạy", status_Completed: "xong", status_Failed: "lỗi",
      MISSING_ID: "chưa có số định danh cá nhân", MISMATCH: "thông tin cá nhân sai lệch", INVALID_ID: "số định danh không hợp lệ",
      NOT_FOUND: "không có trong CSDLQG về dân cư", DECEASED: "công dân đã chết", other: "English",
    },
    en: {
      title: "DeAn06 operations", signOut: "Sign out", syncTitle: "Sync and match by sector and province",
      exportMd: "Download report (Markdown)", exportCsv: "Download CSV", group: "Sector · province", policy: "Policy", matched: "Matched",
      reasons: "Not matched, by reason", trend: "Rate by day", noGroups: "No figures yet.", drillTitle: "Sample records", job: "Job", line: "Line",
      maskedId: "ID (masked)", differing: "Fields that differ", levels: "Match levels", jobsTitle: "Batch jobs", status: "Status",
      progress: "Progress", rate: "Rate", eta: "ETA", platformTitle: "Platform", rps: "requests/s", client: "Client",
      rateLimited: "Rate-limited (429)", upstreams: "Upstream services", seals: "Recent message-log seals", results: "results", errors: "errors",
      healthy: "healthy", unhealthy: "not answering", updated: "Updated", perSecond: "/s", entries: "entries", upTo: "up to entry",
      loginTitle: "DeAn06 operations", loginHint: "For platform operators: sign in with the operator client's id and secret.",
      clientId: "Client id", clientSecret: "Client secret", signIn: "Sign in",
      invalid: "Unknown client or wrong secret.", denied: "This client may not see the operations view (operators only).",
      notChecked: "not checked", circuits: "Circuit breakers to the population DB (verification service)",
      circuit_realtime: "real time", circuit_batch: "batch", state_Closed: "closed (normal)", state_Open: "open (calls paused)",
      state_HalfOpen: "half-open (trying again)", state_Isolated: "isolated",
      status_Queued: "queued", status_Running: "running", status_Completed: "done", status_Failed: "failed",
      MISSING_ID: "no personal ID number", MISMATCH: "personal information differs", INVALID_ID: "invalid ID number",
      NOT_FOUND: "not in the population DB", DECEASED: "deceased", other: "Tiếng Việt",
    },
  };
  const REASONS = ["MISSING_ID", "MISMATCH", "INVALID_ID", "NOT_FOUND", "DECEASED"];
  let lang = localStorage.getItem("dean06.lang") || "vi";
  let drill = null;
  let lastPlatform = null;
  const t = (k) => (T[lang][k] ?? k);
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  // The reports' format: dot for thousands, comma for decimals, percentage cut (not rounded) to two decimals.
  const count = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const percent = (part, whole) => {
    if (!whole) return "—";
    const hundredths = Math.floor((part * 10000) / whole);
    return `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, "0")} %`;
  };

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
    if (r.status === 401 || r.status === 403) { location.href = "/ops/login" + (r.status === 403 ? "?error=denied" : ""); throw new Error("signed out"); }
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  }

  // One small SVG line of the match rate per day for a sector/province.
  function sparkline(points) {
    if (points.length === 0) return "";
    const w = 160, h = 36, min = Math.min(...points.map((p) => p.rate), 90), max = 100;
    const x = (i) => (points.length === 1 ? w / 2 : (i * (w - 8)) / (points.length - 1) + 4);
    const y = (r) => h - 4 - ((r - min) / Math.max(max - min, 0.01)) * (h - 8);
    const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.rate).toFixed(1)}`).join(" ");
    const dots = points.map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.rate).toFixed(1)}" r="2.5"><title>${esc(p.day)}: ${p.rate} %</title></circle>`).join("");
    return `<svg class="spark" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="rate by day"><path d="${path}"/>${dots}</svg>`;
  }

  let state = { groups: [], days: [], jobs: [], platform: null, samples: [] };

  function renderGroups() {
    const body = $("groups").querySelector("tbody");
    $("no-groups").hidden = state.groups.length > 0;
    body.innerHTML = state.groups.map((g) => {
      const label = (g.report || "").split(":")[0] || `${g.sector} ${g.province}`;
      const reasons = REASONS.filter((v) => g.byVerdict[v] > 0)
        .map((v) => `<a href="#" class="reason" data-verdict="${v}" data-sector="${esc(g.sector)}" data-province="${esc(g.province)}">${count(g.byVerdict[v])} ${esc(t(v))}</a>`);
      if (g.notChecked > 0) reasons.push(`<span class="muted">${count(g.notChecked)} ${esc(t("notChecked"))}</span>`);
      const points = state.days.filter((d) => d.sector === g.sector && d.province === g.province).sort((a, b) => (a.day < b.day ? -1 : 1));
      return `<tr data-group="${esc(g.sector)}-${esc(g.province)}"><td>${esc(label)}</td><td>${esc(g.policy)}</td>` +
        `<td class="figure">${count(g.matched)}/${count(g.total)} · ${percent(g.matched, g.total)}</td>` +
        `<td>${reasons.join("<br>") || "—"}</td><td>${sparkline(points)}</td></tr>`;
    }).join("");
    body.querySelectorAll("a.reason").forEach((a) => a.addEventListener("click", (e) => {
      e.preventDefault();
      drill = { verdict: a.dataset.verdict, sector: a.dataset.sector, province: a.dataset.province };
      loadSamples();
    }));
  }

  function renderJobs() {
    $("jobs").querySelector("tbody").innerHTML = state.jobs.map((j) => {
      const done = j.done + j.rejected, pct = j.total ? Math.floor((done * 100) / j.total) : 0;
      const links = `<a href="/ops/api/jobs/${esc(j.sector)}/${esc(j.jobId)}/errors">${esc(t("errors"))}</a>` +
        (j.status === "Completed" ? ` · <a href="/ops/api/jobs/${esc(j.sector)}/${esc(j.jobId)}/results">${esc(t("results"))}</a>` : "");
      return `<tr data-job="${esc(j.jobId)}" data-status="${esc(j.status)}"><td>${esc(j.jobId)}</td><td>${esc(j.sector)} ${esc(j.province)}</td>` +
        `<td class="status">${esc(t("status_" + j.status))}</td>` +
        `<td><div class="bar"><div data-pct="${pct}"></div></div><span class="done">${count(done)}/${count(j.total)}</span></td>` +
        `<td>${j.ratePerSecond ? count(Math.round(j.ratePerSecond)) + t("perSecond") : "—"}</td>` +
        `<td>${j.status === "Running" && j.etaSeconds != null ? Math.ceil(j.etaSeconds) + " s" : "—"}</td><td>${links}</td></tr>`;
    }).join("");
    // Widths through the DOM, not a style attribute in the markup, which the page's CSP refuses.
    $("jobs").querySelectorAll(".bar > div[data-pct]").forEach((d) => { d.style.width = `${d.dataset.pct}%`; });
  }

  function renderPlatform() {
    const p = state.platform;
    if (!p) return;
    const g = p.gateway;
    const now = Date.now();
    if (lastPlatform && now > lastPlatform.at) $("rps").textContent = ((g.requests - lastPlatform.requests) * 1000 / (now - lastPlatform.at)).toFixed(1);
    lastPlatform = { at: now, requests: g.requests };
    $("p50").textContent = g.p50Ms ?? "–"; $("p95").textContent = g.p95Ms ?? "–"; $("p99").textContent = g.p99Ms ?? "–";
    $("clients").querySelector("tbody").innerHTML = g.clients.map((c) =>
      `<tr><td>${esc(c.client)}</td><td>${count(c.ok)}</td><td>${count(c.clientErrors)}</td><td>${count(c.serverErrors)}</td><td>${count(c.rateLimited)}</td></tr>`).join("");
    $("upstreams").innerHTML = g.upstreams.map((u) =>
      `<li class="${u.healthy ? "ok" : "bad"}">${esc(u.cluster)} / ${esc(u.destination)}: ${esc(t(u.healthy ? "healthy" : "unhealthy"))}</li>`).join("");
    $("circuits").innerHTML = Object.entries(state.circuits || {}).map(([k, v]) =>
      `<li class="${v === "Closed" ? "ok" : "bad"}" data-circuit="${esc(k)}">${esc(t("circuit_" + k))}: ${esc(t("state_" + v))}</li>`).join("");
    $("seals").innerHTML = p.seals.map((s) =>
      `<li>${new Date(s.sealedAt).toLocaleTimeString(lang)} · ${esc(t("upTo"))} ${count(s.upToEntry)} · ${esc(s.kid)}</li>`).join("");
  }

  function renderSamples() {
    if (!drill) return;
    $("drill").hidden = false;
    $("drill-what").textContent = `${t(drill.verdict)} · ${drill.sector} ${drill.province}`;
    $("samples").querySelector("tbody").innerHTML = state.samples.map((s) => {
      const r = s.result;
      const levels = Object.entries(r.fields || {}).map(([k, v]) => `${esc(k)}: ${esc(v.level)}`).join(", ");
      return `<tr><td>${esc(s.jobId)}</td><td>${r.line ?? ""}</td><td>${esc(r.maHoSo)}</td><td>${esc(r.maskedId ?? "—")}</td>` +
        `<td>${esc((r.differing || []).join(", ") || "—")}</td><td>${levels || esc(r.idRule || r.reason || "—")}</td></tr>`;
    }).join("");
  }

  function redraw() { renderGroups(); renderJobs(); renderPlatform(); renderSamples(); }

  async function loadSamples() {
    const q = new URLSearchParams({ verdict: drill.verdict, sector: drill.sector, province: drill.province, limit: "20" });
    state.samples = await get("/ops/api/samples?" + q);
    renderSamples();
    $("drill").scrollIntoView({ behavior: "smooth" });
  }

  async function refresh() {
    try {
      const [groups, days, jobs, platform, circuits] = await Promise.all([
        get("/ops/api/statistics?format=json"), get("/ops/api/statistics?format=json&groupBy=day"), get("/ops/api/jobs?limit=20"),
        get("/ops/api/platform"), get("/ops/api/upstream")]);
      state = { ...state, groups, days, jobs, platform, circuits };
      redraw();
      $("updated").textContent = `${t("updated")} ${new Date().toLocaleTimeString(lang)}`;
      document.body.dataset.loaded = "true";
    } catch (e) {
      $("updated").textContent = String(e.message || e);
    }
  }

  const script = document.currentScript;
  window.DeAn06Ops = {
    start() {
      translate();
      bindLanguage(redraw);
      refresh();
      setInterval(refresh, 2000);
    },
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
