/** What a plugin may take: documented in docs/PLUGINS.md ("Limits"). */
export const PLUGIN_LIMITS = {
  /** Time a plugin module has to finish importing (top-level await included). */
  importMs: 10_000,
  /** Heap of the worker a plugin runs in (V8 old generation), in MB. */
  memoryMb: 256,
  /** Checks one plugin module may export; a module exporting more is refused whole. */
  checksPerPlugin: 100,
  /** Checks all plugins together may add; a plugin that would pass it is refused whole. */
  checksInTotal: 500,
  /** Size of one check's definition (its data: texts, option schema, defaults) as JSON. */
  definitionBytes: 64 * 1024,
  /** Output a plugin wrote (stdout, stderr each) kept to show in the plugins.load result. */
  outputShownChars: 500,
  /** Time the worker has to close its sources at the end of the run before it is stopped. */
  closeMs: 2_000,
} as const
