/**
 * The HTML report in a real browser: Debian's chromium, headless, driven by
 * playwright-core. The report of a run whose checks smuggle markup and script
 * through a trunk name, a file name and a summary must load without a single
 * request beyond the document, run no script, and show the payloads as text.
 * The demo's report (`run --demo`) is looked at as a user would: at 1280 and 375 px the
 * overview table is on the first screen and nothing sticks out sideways; screenshots are saved
 * to test/.tmp/ (report-demo-1280.png, report-demo-375.png, full pages too) for review.
 */
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {chromium, type Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ROOT, runCli, tempDir} from '../../helpers/cli.js'
import {plannedChecks, runDelivery} from '../../helpers/delivery.js'

const CHROMIUM = '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
]

const IMG = '<img src=x onerror="window.__pwned=1">'
const SCRIPT = '<script>window.__pwned=2</script>'
const FILE = '"><svg onload="window.__pwned=3"></svg>3cxpscomcpp2.dll'
const ATTR = '" onmouseover="window.__pwned=4" x="'

const available = existsSync(CHROMIUM)
if (!available && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (.ci/apt-packages.txt)`)

describe.skipIf(!available)(`HTML report in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser
  let htmlFile: string
  let report: {results: Array<{id: string; summary: string; evidence: Record<string, unknown>}>}

  beforeAll(async () => {
    const checks = plannedChecks({
      'trunk.evil-name': {
        status: 'fail',
        title: `Loopback trunk ${SCRIPT}`,
        summary: `Trunk "${SCRIPT}" at 127.0.0.1 is not registered; ${IMG}`,
        details: [`RegisterFailedTime is newer than RegisterOkTime ${ATTR}`],
        evidence: {trunkName: SCRIPT, host: '127.0.0.1', registerOkTime: '', image: IMG},
      },
      'api.evil-file': {
        status: 'warn',
        summary: `The copy ${FILE} differs from Instance1\\Bin.`,
        evidence: {file: FILE, sha256: ['3f1c…', 'a91e…']},
      },
      'time.plain': {status: 'error', summary: 'The probe threw: <b>not bold</b>'},
      'network.plain': {status: 'skip', summary: 'Not applicable: only one card & no console.'},
      'build.plain': {status: 'pass', summary: 'Build 15.5.10244.4 has sip_dialog_set_id.'},
    })
    const dir = tempDir('tcx-html-')
    htmlFile = join(dir, 'report.html')
    const r = await runDelivery(checks, ['--quiet', '-o', htmlFile, '-o', join(dir, 'report.json')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(2)
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as typeof report
    browser = await chromium.launch({executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30_000})
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('loads with no request beyond the document, runs no smuggled script, and shows the payloads as text', async () => {
    const page = await browser.newPage({viewport: {width: 1000, height: 800}})
    const requests: string[] = []
    const consoleErrors: string[] = []
    page.on('request', (req) => requests.push(req.url()))
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text())
    })
    page.on('pageerror', (err) => consoleErrors.push(err.message))
    const url = pathToFileURL(htmlFile).href
    await page.goto(url, {waitUntil: 'load'})
    await page.mouse.move(300, 300)
    await page.mouse.move(500, 400)
    await page.waitForTimeout(300)

    expect(requests).toEqual([url])
    expect(consoleErrors).toEqual([])
    expect(await page.evaluate(() => (window as unknown as {__pwned?: unknown}).__pwned)).toBeUndefined()

    // No element that the payloads would have made, no event-handler attribute anywhere.
    const dom = await page.evaluate(() => ({
      active: document.querySelectorAll('script, img, svg, iframe, object, embed, link, base, form').length,
      handlers: Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${el.tagName} ${a.name}`)),
      text: document.body.innerText,
      title: document.title,
    }))
    expect(dom.active).toBe(0)
    expect(dom.handlers).toEqual([])
    for (const payload of [IMG, SCRIPT, FILE, ATTR.trim(), '<b>not bold</b>']) expect(dom.text).toContain(payload)
    expect(dom.title).toMatch(/^tcx-doctor: FAIL on /)
    // Every result is shown, with its summary as the JSON report has it.
    for (const r of report.results) expect(dom.text).toContain(r.summary)

    mkdirSync(join(ROOT, 'test', '.tmp'), {recursive: true})
    const shot = join(ROOT, 'test', '.tmp', 'report.png')
    await page.screenshot({path: shot, fullPage: true})
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')
    // As narrow as a phone's mail app: nothing may stick out sideways.
    await page.setViewportSize({width: 375, height: 800})
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    await page.screenshot({path: join(ROOT, 'test', '.tmp', 'report-narrow.png'), fullPage: true})
    expect(overflow).toBeLessThanOrEqual(0)
    await page.close()
  })

  it('page.setContent (as a mail client would show the body) runs nothing either', async () => {
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (req) => requests.push(req.url()))
    await page.setContent(readFileSync(htmlFile, 'utf8'), {waitUntil: 'load'})
    await page.waitForTimeout(200)
    expect(requests).toEqual([])
    expect(await page.evaluate(() => (window as unknown as {__pwned?: unknown}).__pwned)).toBeUndefined()
    expect(await page.evaluate(() => document.querySelectorAll('script, img, svg').length)).toBe(0)
    await page.close()
  })
})

const SHOTS = join(ROOT, 'test', '.tmp')

describe.skipIf(!available)('the demo report as a PBX admin sees it, at 1280 and 375 px', () => {
  let browser: Browser
  let htmlFile: string
  let report: {results: Array<{id: string; status: string}>}

  beforeAll(async () => {
    const cwd = tempDir('tcx-html-demo-')
    htmlFile = join(cwd, 'demo.html')
    const r = await runCli(['run', '--demo', '--quiet', '-o', htmlFile, '-o', join(cwd, 'demo.json')], {cwd, timeoutMs: 120_000})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(2)
    report = JSON.parse(readFileSync(join(cwd, 'demo.json'), 'utf8')) as typeof report
    browser = await chromium.launch({executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30_000})
    mkdirSync(SHOTS, {recursive: true})
  }, 150_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('is under 100 KB (Gmail clips longer bodies)', () => {
    expect(readFileSync(htmlFile).length).toBeLessThan(100 * 1024)
  })

  it.each([
    {width: 1280, height: 800},
    {width: 375, height: 812},
  ])('at $width px: the overview table starts on the first screen, one row per check with problems first, nothing overflows sideways', async (viewport) => {
    const page = await browser.newPage({viewport})
    await page.goto(pathToFileURL(htmlFile).href, {waitUntil: 'load'})
    const shot = join(SHOTS, `report-demo-${viewport.width}.png`)
    await page.screenshot({path: shot})
    await page.screenshot({path: join(SHOTS, `report-demo-${viewport.width}-full.png`), fullPage: true})
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')

    const layout = await page.evaluate(() => {
      const overview = document.querySelector('#overview')
      const rows = overview ? Array.from(overview.querySelectorAll('tr')).slice(1) : []
      const visible = (el: Element | undefined): boolean => {
        if (!el) return false
        const box = el.getBoundingClientRect()
        return box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight
      }
      return {
        headerVisible: visible(overview?.querySelector('tr') ?? undefined),
        firstRowVisible: visible(rows[0]),
        statuses: rows.map((r) => r.querySelector('td')?.textContent?.trim() ?? ''),
        ids: rows.map((r) => r.querySelector('td:nth-child(2) span')?.textContent ?? ''),
        scrollWidth: document.documentElement.scrollWidth,
        viewportWidth: window.innerWidth,
        narrowestOverviewCell: Math.min(...rows.map((r) => (r.querySelector('td:nth-child(2)') as HTMLElement).getBoundingClientRect().width)),
      }
    })
    expect(layout.headerVisible).toBe(true)
    expect(layout.firstRowVisible).toBe(true)
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.viewportWidth)
    // The check column keeps room for words, even on a phone (no one word per line).
    expect(layout.narrowestOverviewCell).toBeGreaterThan(viewport.width === 375 ? 200 : 600)

    const order = ['FAIL', 'ERROR', 'WARN', 'PASS', 'SKIP']
    expect(layout.ids.toSorted()).toEqual(report.results.map((r) => r.id).toSorted())
    const ranks = layout.statuses.map((s) => order.indexOf(s))
    expect(ranks.every((rank) => rank >= 0)).toBe(true)
    expect(ranks).toEqual(ranks.toSorted((a, b) => a - b))
    expect(layout.statuses[0]).toBe('FAIL')
    await page.close()
  })

  it('links each problem to its documentation with an absolute https URL', async () => {
    const page = await browser.newPage({viewport: {width: 1280, height: 800}})
    await page.goto(pathToFileURL(htmlFile).href, {waitUntil: 'load'})
    const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? ''))
    expect(hrefs.length).toBe(report.results.filter((r) => ['warn', 'fail', 'error'].includes(r.status)).length)
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/github\.com\/tcx-doctor\/tcx-doctor\/blob\/main\/docs\//)
    await page.close()
  })
})
