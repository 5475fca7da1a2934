/**
 * Getting bytes to a printer. Network printers: raw TCP (port 9100). For Epson-compatible printers
 * the bytes end with a real-time status request (DLE EOT 1) and the job only counts as printed when
 * the printer answers: a printer that drops the connection halfway is a failed job, not a lost one.
 */
import net from 'node:net';

export class PrintError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'interrupted' | 'no-answer' | 'not-configured' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'PrintError';
  }
}

export interface PrinterTransport {
  send(bytes: Buffer): Promise<void>;
}

const DLE_EOT_PRINTER_STATUS = Buffer.from([0x10, 0x04, 0x01]);

export function parsePrinterAddress(address: string): { host: string; port: number } | null {
  const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(address.trim());
  if (!match?.[1]) return null;
  const port = match[2] ? Number(match[2]) : 9100;
  return port > 0 && port < 65536 ? { host: match[1].replace(/^\[|\]$/g, ''), port } : null;
}

export function tcpTransport(address: string, options: { confirmStatus: boolean; timeoutMs?: number }): PrinterTransport {
  const target = parsePrinterAddress(address);
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!target) return reject(new PrintError('not-configured', `bad printer address: ${address}`));
        let connected = false;
        let answered = false;
        const socket = net.connect({ host: target.host, port: target.port });
        const fail = (error: PrintError) => {
          socket.destroy();
          reject(error);
        };
        socket.setTimeout(timeoutMs, () => fail(new PrintError(connected ? 'no-answer' : 'unreachable', 'printer did not answer in time')));
        socket.on('connect', () => {
          connected = true;
          socket.write(options.confirmStatus ? Buffer.concat([bytes, DLE_EOT_PRINTER_STATUS]) : bytes);
          if (!options.confirmStatus) socket.end();
        });
        socket.on('data', () => {
          if (!options.confirmStatus || answered) return;
          answered = true;
          socket.end();
        });
        socket.on('error', (error: NodeJS.ErrnoException) => {
          fail(new PrintError(connected ? 'interrupted' : 'unreachable', error.code ?? error.message));
        });
        socket.on('close', (hadError) => {
          if (hadError) return;
          if (options.confirmStatus && !answered) reject(new PrintError('interrupted', 'connection closed before the printer confirmed'));
          else resolve();
        });
      }),
  };
}
