/**
 * Links in the HTML report that work where the report is read (a mail client, a browser):
 * a check's `docs` path becomes an absolute URL under the docs base, an absolute URL stays as
 * it is, and anything that is not http(s) in the end is no link at all.
 */

/** Where `docs/...` paths point when no `docsBaseUrl` is set: the project's repository, main branch. */
export const DEFAULT_DOCS_BASE = 'https://github.com/tcx-doctor/tcx-doctor/blob/main/'

const HTTP = /^https?:$/

/** The base as a URL that ends in "/", or undefined when it is not an http(s) URL. */
function docsBase(base: string): URL | undefined {
  try {
    const url = new URL(base.endsWith('/') ? base : `${base}/`)
    return HTTP.test(url.protocol) ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * The absolute http(s) URL of a `docs` value: "docs/checks/time.md#x" under the base,
 * "https://..." as is; undefined for any other scheme (javascript:, data:, mailto:, file:),
 * a protocol-relative "//host" path, or a path that climbs out of the base ("../").
 */
export function docsUrl(docs: string, base: string = DEFAULT_DOCS_BASE): string | undefined {
  const value = docs.trim()
  if (value === '') return undefined
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    try {
      const url = new URL(value)
      return HTTP.test(url.protocol) ? url.href : undefined
    } catch {
      return undefined
    }
  }
  if (value.startsWith('/') || value.startsWith('\\') || value.split(/[/\\]/).includes('..')) return undefined
  const root = docsBase(base) ?? new URL(DEFAULT_DOCS_BASE)
  const url = new URL(value, root)
  return HTTP.test(url.protocol) && url.href.startsWith(root.href) ? url.href : undefined
}
