/**
 * The preload exposes exactly the API contract's names as functions, nothing else: no ipcRenderer,
 * no generic invoke. It runs sandboxed, so it imports only electron and the pure list of names.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { apiNames, toMethodName } from '../core/api/names.js';
import type { BuurtbalieApi } from '../core/api/contract.js';

const api = Object.fromEntries(
  apiNames.map((name) => [toMethodName(name), (input: unknown) => ipcRenderer.invoke(name, input ?? {})]),
) as unknown as BuurtbalieApi;

contextBridge.exposeInMainWorld('buurtbalie', Object.freeze(api));
