/**
 * A complete `ItineraApi` for renderer tests from just the calls a test cares about. Every other
 * call rejects, naming itself, so a test that reaches an unexpected channel fails loudly instead of
 * each test file keeping its own list of every channel.
 */
import type { ItineraApi } from '../../shared/api';

export function fakeItineraApi(calls: Partial<ItineraApi>): ItineraApi {
  return new Proxy(calls, {
    get(target, key) {
      if (key in target) return target[key as keyof ItineraApi];
      if (typeof key !== 'string' || key === 'then') return undefined;
      return () => Promise.reject(new Error(`window.itinera.${key} is not faked in this test`));
    },
  }) as ItineraApi;
}
