/**
 * The IPC binding: one `ipcMain.handle` per channel of shared/api.ts. Each call is refused
 * unless it comes from a frame showing the app itself, then validated and dispatched by
 * services/api-handlers.ts (the same code the end-to-end test host runs). Events a call
 * produces (import progress) go back to the frame that made it, and to no other.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { isTrustedSenderUrl } from './security';
import { ALL_CHANNELS, ApiError, invokeChannel, type ApiHandlers } from './services/api-handlers';

export function registerIpcHandlers(
  handlers: ApiHandlers,
  log: (message: string, err?: unknown) => void = (message, err) =>
    err === undefined ? console.error(message) : console.error(message, err),
): () => void {
  for (const channel of ALL_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        log(`ipc: refused ${channel} from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
        throw new Error('refused: untrusted sender');
      }
      try {
        const frame = event.senderFrame;
        return await invokeChannel(
          handlers,
          channel,
          payload,
          (ch, err) => log(`ipc: ${ch} failed`, err),
          {
            sendEvent: (eventChannel, eventPayload) => {
              try {
                // The frame may have navigated or closed meanwhile; progress is then moot.
                if (frame && !frame.isDestroyed()) frame.send(eventChannel, eventPayload);
              } catch {
                // ignored: see above
              }
            },
          },
        );
      } catch (err) {
        // Electron serialises only the message; rebuild it so no stack or cause leaks.
        const safe =
          err instanceof ApiError ? err : new ApiError('api.failed', `${channel} failed`);
        throw new Error(`[${safe.code}] ${safe.message}`);
      }
    });
  }
  return () => {
    for (const channel of ALL_CHANNELS) ipcMain.removeHandler(channel);
  };
}
