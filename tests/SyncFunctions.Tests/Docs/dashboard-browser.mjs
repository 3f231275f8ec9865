// Drives the system Chromium through the status page and prints what it saw as one JSON line.
// Usage: node dashboard-browser.mjs <page url> <screenshot path>   (API key on stdin: never on a command line)
// Waits for the first refresh, and when given, for DASHBOARD_RUNNING_RUN's progress bar and DASHBOARD_FAILED_RUN's errors.
// DASHBOARD_STUB_JOB_STATUS / DASHBOARD_STUB_CONNECTIONS: JSON bodies the browser gets for those two routes instead of
// the hub's answer (for checking how the page renders the Braze and ActiveCampaign shapes).
// DASHBOARD_RUN_AGAIN: a finished run whose "Run again" button is clicked (after the screenshot); the POST it sends is
// captured and answered 201 with run "run-again-1", and what the page then says is reported.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

const [url, screenshot] = process.argv.slice(2);
const key = readFileSync(0, "utf8").trim();
const running = process.env.DASHBOARD_RUNNING_RUN;
const failed = process.env.DASHBOARD_FAILED_RUN;
const runAgain = process.env.DASHBOARD_RUN_AGAIN;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // The page copies ids with navigator.clipboard; reading it back here needs both permissions.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
  const page = await context.newPage();
  // 404s from optional panels are expected; script errors and CSP violations are not.
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push("console: " + m.text());
  });

  const stub = (pattern, body) => body && page.route(pattern, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body }));
  await stub("**/api/sync-job/*/job_sync_status*", process.env.DASHBOARD_STUB_JOB_STATUS);
  await stub("**/api/connections*", process.env.DASHBOARD_STUB_CONNECTIONS);
  let posted = null;
  if (runAgain) {
    await page.route("**/api/sync-job-run", (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      posted = { headers: request.headers(), body: request.postData() };
      return route.fulfill({ status: 201, contentType: "application/json", body: JSON.stringify({ id: "run-again-1", status: "created", census_status: "queued" }) });
    });
  }

  const response = await page.goto(url);
  const beforeKey = await page.locator("#runs tbody tr[data-run-id]").count();
  await page.fill("#api-key", key);
  await page.click("#save-key");
  if (running) await page.waitForSelector(`#runs tr[data-run-id="${running}"] progress.run-progress`, { timeout: 20000 });
  if (failed) await page.waitForSelector(`#run-errors div[data-run-id="${failed}"] table`, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector("#updated").textContent !== "never", null, { timeout: 20000 });

  const result = await page.evaluate(({ key }) => {
    const rows = [...document.querySelectorAll("#runs tbody tr[data-run-id]")].map((tr) => ({
      id: tr.dataset.runId,
      cells: [...tr.cells].map((td) => td.textContent.trim()),
      idText: tr.cells[0].textContent.trim(),
      // One line of text: the id button is no taller than its line height (plus its border).
      idLines: tr.cells[0].querySelector("button.id").getBoundingClientRect().height /
        (parseFloat(getComputedStyle(tr.cells[0].querySelector("button.id")).lineHeight) || 16),
      times: [...tr.querySelectorAll("time")].map((t) => ({ text: t.textContent.trim(), title: t.title, datetime: t.dateTime })),
      progress: tr.querySelector("progress") ? { value: tr.querySelector("progress").value, max: tr.querySelector("progress").max } : null,
    }));
    return {
      rows,
      errors: document.querySelector("#run-errors").textContent,
      jobStatus: document.querySelector("#job-status").textContent,
      connections: document.querySelector("#connections").textContent,
      message: document.querySelector("#message").textContent,
      keyInput: document.querySelector("#api-key").value,
      keyInSession: sessionStorage.getItem("syncfunctions.api_key") === key,
      localStorageItems: localStorage.length,
    };
  }, { key });
  await page.screenshot({ path: screenshot, fullPage: true });
  // Copy-on-click: the running run's shortened id puts the full id on the clipboard and shows a cue.
  if (running) {
    // A refresh re-renders the table and would take the cue with it.
    await page.uncheck("#auto-refresh");
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.click(`#runs tr[data-run-id="${running}"] td:first-child button.id`);
    const cue = page.locator(`#runs tr[data-run-id="${running}"] td:first-child .copy-cue`);
    await cue.waitFor({ state: "visible", timeout: 5000 });
    result.copy = { clipboard: await page.evaluate(() => navigator.clipboard.readText()), cue: await cue.textContent() };
  }
  if (runAgain) {
    await page.click(`#runs tr[data-run-id="${runAgain}"] button.run-again`);
    await page.waitForFunction(() => /run-again-1/.test(document.querySelector("#action").textContent), null, { timeout: 20000 });
    result.runAgain = {
      posted,
      action: await page.locator("#action").textContent(),
      buttons: await page.locator("#runs button.run-again").count(),
    };
  }
  result.status = response.status();
  result.csp = response.headers()["content-security-policy"] || null;
  result.rowsBeforeKey = beforeKey;
  result.problems = problems;
  process.stdout.write(JSON.stringify(result) + "\n");
} finally {
  await browser.close();
}
