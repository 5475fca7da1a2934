/**
 * Registers one IPC handler per contract entry through a single helper. The helper checks that the
 * call comes from our own page in our own window, then hands it to the dispatcher, which validates
 * input, checks the role and maps errors. Each window has its own login state.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { apiNames, type ApiName } from '../../core/api/names.js';
import type { ApiResult } from '../../core/api/errors.js';
import type { BuurtbalieApp, Connection } from '../../services/app.js';
import type { Logger } from '../../services/platform/deps.js';
import { APP_ORIGIN } from './security.js';

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  allowed: (id: number) => boolean,
  senderId: number,
): boolean {
  const url = event.senderFrame?.url ?? '';
  return allowed(senderId) && url.startsWith(`${APP_ORIGIN}/`);
}

export function registerApi(ipcMain: IpcMain, app: BuurtbalieApp, log: Logger, isOurWindow: (webContentsId: number) => boolean): ApiName[] {
  const connections = new Map<number, Connection>();
  const connectionFor = (id: number): Connection => {
    let connection = connections.get(id);
    if (!connection) {
      connection = app.connect();
      connections.set(id, connection);
    }
    return connection;
  };
  const handle = (name: ApiName): void => {
    ipcMain.handle(name, async (event, input: unknown): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event, isOurWindow, event.sender.id)) {
        log.warn({ call: name }, 'ipc call from an untrusted sender refused');
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Geen toegang.' } };
      }
      return connectionFor(event.sender.id).call(name, input);
    });
  };
  for (const name of apiNames) handle(name);
  return [...apiNames];
}
