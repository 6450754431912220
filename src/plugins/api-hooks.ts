/**
 * Module resolution hooks registered inside a plugin worker whose plugin imports `tcx-doctor`
 * without a copy of its own: the bare specifier resolves to the public entry of the tcx-doctor
 * that is running, wherever the plugin file is.
 */
const API_ENTRY = new URL('../index.js', import.meta.url).href

interface ResolveResult {
  url: string
  shortCircuit?: boolean
}

export async function resolve(
  specifier: string,
  context: unknown,
  nextResolve: (specifier: string, context: unknown) => Promise<ResolveResult>,
): Promise<ResolveResult> {
  if (specifier === 'tcx-doctor') return {url: API_ENTRY, shortCircuit: true}
  return nextResolve(specifier, context)
}
