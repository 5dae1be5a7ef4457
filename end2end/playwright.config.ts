import { defineConfig, devices } from '@playwright/test';

// scripts/e2e.sh picks a free port and a fresh database and passes them here.
const port = process.env.E2E_PORT ?? '3000';
// scripts/scale.sh runs the servers itself (two of them behind nginx) and passes the proxy's address.
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

// A stuck test fails within a minute, naming the step: every assertion, action and navigation
// has its own limit, so even the long journeys (whose whole-test limit is larger) never wait
// longer than that on one step.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: chromium,
    screenshot: 'only-on-failure',
    trace: 'off',
    locale: 'id-ID',
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
  },
  projects: [
    { name: 'tablet-landscape', use: { ...devices['Desktop Chrome'], viewport: { width: 1024, height: 768 }, hasTouch: true } },
    { name: 'tablet-portrait', use: { ...devices['Desktop Chrome'], viewport: { width: 768, height: 1024 }, hasTouch: true } },
    // Every page at phone size, with JavaScript (pages.spec.ts and the phone checks tagged @screens).
    { name: 'phone', use: { ...devices['Desktop Chrome'], viewport: { width: 390, height: 844 }, hasTouch: true }, grep: /@screens/ },
    { name: 'phone-no-js', use: { ...devices['Desktop Chrome'], viewport: { width: 390, height: 844 }, javaScriptEnabled: false }, grep: /@nojs/ },
  ],
  webServer: external ? undefined : {
    command: process.env.E2E_SERVER_BIN ?? '../target/debug/server',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? '../target/site',
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'sqlite://../data/e2e.db',
      LKSA_EVIDENCE_DIR: process.env.E2E_EVIDENCE_DIR ?? '../data/e2e-evidence',
      RUST_LOG: 'warn',
    },
  },
});
