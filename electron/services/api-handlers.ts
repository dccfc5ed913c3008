/**
 * The Node side of the `ItineraApi` contract, one validated handler per channel. The Electron
 * IPC binding (ipc.ts) and the end-to-end test host (test/e2e/host.ts) both dispatch through
 * `invokeChannel`, so the renderer meets the same validation and the same errors in both.
 *
 * Payloads arrive as `unknown` and are parsed with the zod schemas of shared/api.ts before
 * any service sees them. Errors leave as `ApiError` with a message safe to show the renderer
 * (no stack, no paths the renderer did not send).
 */
import { z } from 'zod';
import {
  Channels,
  EmptyRequest,
  ImportEvidenceRequest,
  ReadBasemapRangeRequest,
  type AppInfo,
  type BasemapInfo,
  type Channel,
  type ImportResult,
} from '../../shared/api';
import { BasemapError, type BasemapRegistry } from './basemaps';

/** What the handlers need from their host (Electron main, or the test host). */
export interface ApiServices {
  appInfo(): AppInfo | Promise<AppInfo>;
  /** The native open dialog in the app; the paths set by the test in the test host. */
  pickEvidence(): Promise<string[]>;
  importEvidence(paths: string[]): Promise<ImportResult[]>;
  /** Paths of the bundled demo evidence. */
  demoEvidencePaths: readonly string[];
  basemaps: BasemapRegistry;
}

/** Result type of each channel, matching `ItineraApi`. */
export interface ChannelResults {
  'app:info': AppInfo;
  'evidence:pick': string[];
  'evidence:import': ImportResult[];
  'evidence:demo': ImportResult[];
  'basemap:list': BasemapInfo[];
  'basemap:read-range': ArrayBuffer;
}

export type ApiHandlers = {
  [C in Channel]: (payload: unknown) => Promise<ChannelResults[C]>;
};

export type ApiErrorCode = 'api.unknown-channel' | 'api.invalid-request' | 'api.failed' | string;

/** An error whose `message` may be shown to the renderer as is. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Channel names, for iterating in the IPC binding and the tests. */
export const ALL_CHANNELS: readonly Channel[] = Object.values(Channels);

export function isChannel(name: string): name is Channel {
  return (ALL_CHANNELS as readonly string[]).includes(name);
}

/**
 * Requests each channel accepts. A no-argument call may send `{}` or nothing; anything else
 * is refused, so a confused or hostile caller learns nothing by probing.
 */
export const RequestSchemas: { [C in Channel]: z.ZodType } = {
  'app:info': EmptyRequest,
  'evidence:pick': EmptyRequest,
  'evidence:import': ImportEvidenceRequest,
  'evidence:demo': EmptyRequest,
  'basemap:list': EmptyRequest,
  'basemap:read-range': ReadBasemapRangeRequest,
};

export function parseRequest<C extends Channel>(channel: C, payload: unknown): unknown {
  const result = RequestSchemas[channel].safeParse(payload === undefined ? {} : payload);
  if (!result.success) {
    const where = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`)
      .join('; ');
    throw new ApiError('api.invalid-request', `invalid request for ${channel}: ${where}`);
  }
  return result.data;
}

export function createApiHandlers(services: ApiServices): ApiHandlers {
  return {
    'app:info': async (payload) => {
      parseRequest('app:info', payload);
      return services.appInfo();
    },
    'evidence:pick': async (payload) => {
      parseRequest('evidence:pick', payload);
      return services.pickEvidence();
    },
    'evidence:import': async (payload) => {
      const req = parseRequest('evidence:import', payload) as ImportEvidenceRequest;
      return services.importEvidence(req.paths);
    },
    'evidence:demo': async (payload) => {
      parseRequest('evidence:demo', payload);
      return services.importEvidence([...services.demoEvidencePaths]);
    },
    'basemap:list': async (payload) => {
      parseRequest('basemap:list', payload);
      return services.basemaps.list();
    },
    'basemap:read-range': async (payload) => {
      const req = parseRequest('basemap:read-range', payload) as ReadBasemapRangeRequest;
      return services.basemaps.readRange(req.basemapId, req.offset, req.length);
    },
  };
}

/**
 * Dispatches one call. Rejects with an ApiError only: validation and known service errors
 * keep their message; anything unexpected is reported through `onUnexpected` (for the log)
 * and reaches the caller as a generic message.
 */
export async function invokeChannel(
  handlers: ApiHandlers,
  channel: string,
  payload: unknown,
  onUnexpected: (channel: string, err: unknown) => void = () => undefined,
): Promise<unknown> {
  if (!isChannel(channel)) throw new ApiError('api.unknown-channel', 'unknown API channel');
  try {
    return await handlers[channel](payload);
  } catch (err) {
    throw toApiError(channel, err, onUnexpected);
  }
}

export function toApiError(
  channel: string,
  err: unknown,
  onUnexpected: (channel: string, err: unknown) => void = () => undefined,
): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof BasemapError) return new ApiError(err.code, err.message);
  onUnexpected(channel, err);
  return new ApiError('api.failed', `${channel} failed unexpectedly`);
}
