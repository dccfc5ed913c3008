/** IANA zones offered in zone pickers: the computer's, UTC and the current choice first. */
export function zoneChoices(systemZone: string, current: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const rest = all.filter((z) => z !== systemZone && z !== 'UTC');
  const zones = [systemZone, 'UTC', ...rest];
  if (!zones.includes(current)) zones.splice(2, 0, current);
  return [...new Set(zones)];
}
