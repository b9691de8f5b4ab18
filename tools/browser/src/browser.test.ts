/**
 * The browser builds (issue 16) and the simulators' CORS (issue 17): a page per
 * browser-capable package, bundled with esbuild for the browser from the TypeScript
 * sources, served on loopback by a page server of its own (another origin than the
 * simulators: another port), driven in headless Chromium with web security on. Each page
 * must receive live data from its simulator; with the page's origin not allowed by the
 * simulators, Chromium must block it. Screenshots go to tools/browser/output/ (gitignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchMarketProphitJwt } from '@org/auth-signing';
import { hercleDemoCredentials, marketProphitDemoCredentials, startHercleSimulator, startMarketProphitSimulator } from '@org/venue-sim';
import type { HercleSimulator, MarketProphitSimulator } from '@org/venue-sim';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { PageReport } from './pages/view';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT = join(__dirname, '..', 'output');
const PAGES = ['hercle', 'marketprophit'] as const;
type PageName = (typeof PAGES)[number];

jest.setTimeout(60_000);

/** Each page's script, bundled for the browser (`browser` export conditions, no Node built-ins). */
async function bundlePages(): Promise<Record<PageName, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(PAGES.map((name) => [name, join(__dirname, 'pages', `${name}.ts`)])),
    outdir: '/',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['@org/source'],
    write: false,
    logLevel: 'silent',
  });
  const scripts = Object.fromEntries(result.outputFiles.map((file) => [file.path.slice(1).replace(/\.js$/, ''), file.text]));
  return scripts as Record<PageName, string>;
}

/** Serves the pages, their scripts and `/token` (the page's backend fetching the JWT, marketprophit.md §2.1). */
async function startPageServer(scripts: Record<PageName, string>, jwtBaseUrl: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const name = /^\/(\w+)\.(html|js)$/.exec(path);
    const script = name ? scripts[name[1] as PageName] : undefined;
    if (path === '/token') {
      fetchMarketProphitJwt({ baseUrl: jwtBaseUrl(), secretKey: marketProphitDemoCredentials.secretKey }).then(
        (token) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token })),
        (error: Error) => response.writeHead(502, { 'content-type': 'text/plain' }).end(error.message),
      );
    } else if (script !== undefined && name?.[2] === 'html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html><head><meta charset="utf-8"><style>body{font:16px sans-serif;margin:2em}dd{margin:0 0 .5em 1em;font-family:monospace}</style></head><body><script type="module" src="/${name?.[1]}.js"></script></body></html>`);
    } else if (script !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

let scripts: Record<PageName, string>;
let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the Debian package; .ci/run installs it)`);
  mkdirSync(OUTPUT, { recursive: true });
  scripts = await bundlePages();
  userDataDir = mkdtempSync(join(tmpdir(), 'org-browser-test-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** Both simulators and the page server, for one test. */
async function setup(origins?: readonly string[]) {
  const hercle: HercleSimulator = await startHercleSimulator({ priceIntervalMs: 200, ...(origins ? { origins } : {}) });
  const marketprophit: MarketProphitSimulator = await startMarketProphitSimulator(origins ? { origins } : {});
  const pages = await startPageServer(scripts, () => marketprophit.url);
  const opened: Page[] = [];
  const console: string[] = [];
  const open = async (name: PageName): Promise<Page> => {
    const page = await context.newPage();
    opened.push(page);
    page.on('console', (message) => console.push(message.text()));
    const query: Record<string, string> = name === 'hercle' ? { url: hercle.url, key: hercleDemoCredentials.apiKey } : { url: marketprophit.url };
    await page.goto(`${pages.origin}/${name}.html?${new URLSearchParams(query).toString()}`);
    return page;
  };
  const close = async () => {
    for (const page of opened) await page.close();
    await pages.close();
    await hercle.close();
    await marketprophit.close();
  };
  return { hercle, marketprophit, pages, open, close, console };
}

const report = (page: Page): Promise<PageReport> => page.evaluate(() => window.report);

describe('browser builds in headless Chromium, pages on another origin than the simulators', () => {
  it.each([
    ['hercle', 'Hercle prices over SignalR (negotiate cross-origin, with credentials)', 3],
    ['marketprophit', 'Market Prophit sentiment over socket.io (polling handshake cross-origin, then WebSocket)', 2],
  ] as const)('%s: the page receives %s', async (name, _what, count) => {
    const run = await setup();
    try {
      const page = await run.open(name);
      await page.waitForFunction((wanted) => window.report.received >= wanted, count, { timeout: 30_000 });
      const seen = await report(page);
      expect(seen).toMatchObject({ status: 'connected', errors: [] });
      expect(seen.latest).toMatch(name === 'hercle' ? /^BTCUSDT 0\.5 buy \d/ : /^AAPL \S+ signal -?\d/);
      expect(new URL(page.url()).origin).not.toBe(new URL(name === 'hercle' ? run.hercle.url : run.marketprophit.url).origin);
      await page.screenshot({ path: join(OUTPUT, `${name}.png`) });
    } finally {
      await run.close();
    }
  });

  it('with web security on, simulators that do not allow the page origin are blocked by CORS', async () => {
    const run = await setup(['http://127.0.0.1:1']);
    try {
      for (const name of PAGES) {
        const page = await run.open(name);
        await page.waitForFunction(() => window.report.errors.length > 0, undefined, { timeout: 30_000 });
        expect(await report(page)).toMatchObject({ received: 0 });
      }
      expect(run.console.filter((line) => /CORS policy/.test(line)).length).toBeGreaterThanOrEqual(2);
      expect(run.marketprophit.subscriptions()).toEqual([]);
      expect(run.hercle.priceSubscriptions()).toEqual([]);
    } finally {
      await run.close();
    }
  });
});
