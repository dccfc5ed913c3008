/** Option values the commands share, each checked the same way wherever it is accepted. */

/**
 * An ISO-8601 instant with `Z` or an offset, as UTC ms; null when the option was not given.
 * A wall time without a zone is refused: its meaning would depend on the host's zone.
 */
export function isoInstantOption(
  name: string,
  text: string | undefined,
  fail: (message: string) => never,
): number | null {
  if (text === undefined) return null;
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim()) || !Number.isFinite(Date.parse(text)))
    fail(`${name} must be ISO-8601 with Z or an offset (e.g. 2024-04-16T14:00:00Z), not '${text}'`);
  return Date.parse(text);
}

/** A comma-separated list, items trimmed, empty items dropped; null when not given. */
export function commaListOption(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
