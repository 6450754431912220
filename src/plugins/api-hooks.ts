/**
 * Module resolution hooks registered inside each plugin worker: the bare specifier
 * `tcx-doctor` resolves to the public entry of the tcx-doctor that is running, wherever
 * the plugin file is (a plugin needs no copy of the package next to it).
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
